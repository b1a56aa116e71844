// make_inputs: writes the crafted inputs of the reliability test (issue 21)
// into a directory: valid but extreme traces, span JSON, pattern files,
// profile and bundle bombs. Generated on every run rather than stored.
//
//   make_inputs DIR            the full-size inputs
//   make_inputs DIR --small    the same shapes, small (libFuzzer seeds)
#include <zip.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/io/gzip.h"
#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& p, std::string_view data) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), std::streamsize(data.size()));
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

void writeFile(const fs::path& p, const std::vector<uint8_t>& data) {
  writeFile(p, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

std::string trace(std::string_view text) {
  const std::vector<uint8_t> bytes = gotrace::traceFromText(gotrace::testing::withBatchSizes(text));
  return std::string(bytes.begin(), bytes.end());
}

// A goroutine-creation chain `depth` deep under a DNS lookup's stack: each
// goroutine starts, creates the next and exits. Go accepts it.
std::string deepChainTrace(int depth) {
  std::string t = "Trace Go1.22\n";
  constexpr int kPerBatch = 2000;
  int g = 1;
  for (int batch = 0; g <= depth; batch++) {
    t += fmt::format("EventBatch gen=1 m=1 time={} size=?\n", 10 + batch * 100000);
    if (batch == 0) {
      t += "ProcStatus dt=1 p=0 pstatus=1\nGoStatus dt=1 g=1 m=1 gstatus=2\n";
    }
    for (int i = 0; i < kPerBatch && g <= depth; i++, g++) {
      if (g > 1) t += fmt::format("GoStart dt=1 g={} g_seq=1\n", g);
      t += fmt::format("GoCreate dt=1 new_g={} new_stack=2 stack={}\n", g + 1, g == 1 ? 1 : 3);
      // The lookup goes on after the creation (a region has two events at least).
      if (g == 1) t += "GoSyscallBegin dt=1 p_seq=1 stack=1\nGoSyscallEnd dt=1\n";
      t += "GoDestroy dt=1\n";
    }
  }
  t += R"(EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=1 nframes=3
	pc=5 func=6 file=4 line=5
	pc=1 func=1 file=4 line=1
	pc=2 func=2 file=4 line=2
Stack id=2 nframes=1
	pc=3 func=3 file=4 line=3
Stack id=3 nframes=2
	pc=4 func=5 file=4 line=4
	pc=3 func=3 file=4 line=3
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="net.(*Resolver).lookupIPAddr.func1"
String id=2
	data="internal/singleflight.(*Group).doCall"
String id=3
	data="main.worker"
String id=4
	data="main.go"
String id=5
	data="main.spawn"
String id=6
	data="net.(*Resolver).goLookupIPCNAMEOrder"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)";
  return trace(t);
}

// A task type, region type and log category that are not UTF-8.
std::string nonUtf8Trace() {
  return trace(R"(Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
UserTaskBegin dt=1 task=3 parent_task=0 name_string=1 stack=0
UserRegionBegin dt=1 task=3 name_string=1 stack=0
UserLog dt=1 task=3 key_string=1 value_string=1 stack=0
UserRegionEnd dt=1 task=3 name_string=1 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="caf\xe9"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)");
}

std::string deepCausedJson(int depth) {
  std::string s;
  for (int i = 0; i < depth; i++) s += fmt::format("{{\"G\":{},\"Kind\":\"w\",\"StartNs\":0,\"LengthNs\":1,\"Caused\":[", i + 1);
  s += "{\"G\":0,\"Kind\":\"w\",\"StartNs\":0,\"LengthNs\":1,\"Caused\":null}";
  for (int i = 0; i < depth; i++) s += "]}";
  // The root must be a server/http request to be drawn by default.
  return s.replace(s.find("\"Kind\":\"w\""), 10, "\"Kind\":\"server/http\"") + "\n";
}

// Zip archives with libzip: each member stored or deflated.
struct Member {
  std::string name;
  std::vector<uint8_t> data;
  bool deflate;
};

void writeZip(const fs::path& p, const std::vector<Member>& members) {
  fs::create_directories(p.parent_path());
  int err = 0;
  zip_t* z = zip_open(p.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("zip_open " + p.string());
  for (const Member& m : members) {
    zip_source_t* src = zip_source_buffer(z, m.data.data(), m.data.size(), 0);
    const zip_int64_t index = zip_file_add(z, m.name.c_str(), src, ZIP_FL_OVERWRITE);
    if (index < 0) throw std::runtime_error("zip_file_add");
    zip_set_file_compression(z, zip_uint64_t(index), m.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 9);
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close");
}

std::vector<uint8_t> bytes(std::string_view s) { return std::vector<uint8_t>(s.begin(), s.end()); }

// Sets the uncompressed size of one member (local and central headers).
void claimSize(const fs::path& p, std::string_view member, uint32_t size) {
  std::fstream f(p, std::ios::binary | std::ios::in | std::ios::out);
  std::string data((std::istreambuf_iterator<char>(f)), {});
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; i++) data[at + size_t(i)] = char((v >> (8 * i)) & 0xff);
  };
  auto get16 = [&](size_t at) { return size_t(uint8_t(data[at])) | size_t(uint8_t(data[at + 1])) << 8; };
  auto named = [&](size_t lengthAt, size_t nameAt) {
    return nameAt + member.size() <= data.size() && get16(lengthAt) == member.size() &&
           std::string_view(data).substr(nameAt, member.size()) == member;
  };
  for (size_t at = 0; (at = data.find("PK\x03\x04", at)) != std::string::npos; at += 4) {
    if (named(at + 26, at + 30)) put32(at + 22, size);
  }
  for (size_t at = 0; (at = data.find("PK\x01\x02", at)) != std::string::npos; at += 4) {
    if (named(at + 28, at + 46)) put32(at + 24, size);
  }
  f.seekp(0);
  f.write(data.data(), std::streamsize(data.size()));
}

constexpr std::string_view kMeta =
    R"({"main":"m","hostname":"h.example","proc_id":"p1","capture_time":"2026-01-01T00:00:00Z","init_time":"2026-01-01T00:00:00Z"})";

}  // namespace

int main(int argc, char** argv) {
  const bool small = argc == 3 && std::string_view(argv[2]) == "--small";
  if (argc != 2 && !small) {
    std::cerr << "usage: make_inputs DIR [--small]\n";
    return 2;
  }
  const fs::path dir(argv[1]);
  // Sizes: full, or small for seeds.
  const int chainDepth = small ? 300 : 30000, causedDepth = small ? 300 : 25000, parens = small ? 250 : 40000,
            ors = small ? 2000 : 100000, regionCount = small ? 20 : 4000;
  const size_t bombBytes = small ? size_t(1) << 20 : size_t(200) << 20, metaBytes = small ? 4096 : size_t(100) << 20,
               noiseBytes = small ? 4096 : size_t(1) << 20;
  try {
    fs::create_directories(dir);
    writeFile(dir / "deep_chain.trace", deepChainTrace(chainDepth));
    writeFile(dir / "nonutf8.trace", nonUtf8Trace());
    writeFile(dir / "overflow_span.json",
              std::string_view(R"({"G":1,"Kind":"server/http","StartNs":9223372036854775000,"LengthNs":800})" "\n"));
    writeFile(dir / "deep_caused.json", deepCausedJson(causedDepth));

    writeFile(dir / "nested_parens.patterns",
              "region x\n  activate " + std::string(size_t(parens), '(') + "always" + std::string(size_t(parens), ')') +
                  "\n  keepalive always\n");
    std::string orChain = "region x\n  activate never";
    for (int i = 0; i < ors; i++) orChain += " or never";
    writeFile(dir / "many_or.patterns", orChain + "\n  keepalive always\n");
    std::string regions;
    for (int i = 0; i < regionCount; i++) {
      regions += fmt::format(
          "region r{0}\n  stack S \"**\" \"^main\\\\.handler{0}$\" \"**\"\n  stack T \"**\" \"^net/http\\\\.x{0}$\"\n"
          "  activate S\n  keepalive nostack or S or T\n",
          i);
    }
    writeFile(dir / "many_regions.patterns", regions);

    // A profile inflating to 200 MB of empty samples (field 2, length 0).
    std::string empties(bombBytes, '\0');
    for (size_t i = 0; i < empties.size(); i += 2) empties[i] = 0x12;
    const std::vector<uint8_t> bomb = gotrace::gzip(bytes(empties));
    empties.clear();
    empties.shrink_to_fit();
    writeFile(dir / "pile_gzip/b1/meta", kMeta);
    writeFile(dir / "pile_gzip/b1/pprof/goroutine", bomb);
    // The same in a zip bundle, stored as Autoprof stores members.
    writeZip(dir / "pile_zip/b1.zip", {{"meta", bytes(kMeta), false}, {"pprof/goroutine", bomb, false}});
    // A 1 MB deflated member (noise: it stays 1 MB) whose headers claim 1e9 bytes.
    std::vector<uint8_t> noise(noiseBytes);
    uint64_t state = 88172645463325252u;
    for (uint8_t& b : noise) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      b = uint8_t(state);
    }
    writeZip(dir / "pile_claim/b1.zip", {{"meta", bytes(kMeta), false}, {"pprof/goroutine", noise, true}});
    claimSize(dir / "pile_claim/b1.zip", "pprof/goroutine", 1000000000);
    // A meta of nested brackets, deflated.
    writeZip(dir / "pile_meta/b1.zip", {{"meta", bytes(std::string(metaBytes, '[')), true}});
  } catch (const std::exception& e) {
    std::cerr << "make_inputs: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
