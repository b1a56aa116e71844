// etpprof's CPU profiles and region-narrowed profiles, read back with our
// pprof reader: one sample per CPU sample event of the trace (counted by a
// plain scan), labels, -region against a plain scan of user regions and
// against scope's placement of inferred regions; blocking profiles by region
// against go tool trace's (testdata/go_region_pprof) and a hand-written
// trace's blocking time inside a region; and, when Go is installed, go tool
// pprof reading the profile with -tagfocus.
#include "gotrace/commands/etpprof.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gotrace/commands/scope.h"
#include "gotrace/pprof/profile_reader.h"
#include "support/trace_run.h"

namespace gotrace::commands {
namespace {

namespace fs = std::filesystem;
using testing::testdataDir;

std::string traceOf(const std::string& name) { return testdataDir() + "/traces/" + name + ".trace"; }

// Runs etpprof into a temporary file and reads the profile back.
pprof::Profile run(EtpprofOptions options, std::string* warnings = nullptr) {
  const fs::path out = fs::temp_directory_path() / ("etpprof_test_" + std::to_string(getpid()) + ".pb.gz");
  options.output = out.string();
  std::ostringstream err;
  cli::Console console("etpprof", STDOUT_FILENO, &err);
  EXPECT_EQ(runEtpprof(options, console), 0);
  if (warnings) *warnings = err.str();
  std::ifstream in(out, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  fs::remove(out);
  return pprof::parseProfile(bytes);
}

pprof::Profile cpu(const std::string& trace, const std::string& region = "", const std::string& task = "") {
  EtpprofOptions o;
  o.input = traceOf(trace);
  o.kind = "cpu";
  o.region = region;
  o.task = task;
  return run(o);
}

std::map<std::string, std::string> labelsOf(const pprof::Sample& s) {
  std::map<std::string, std::string> out;
  for (const pprof::Label& l : s.labels) out[l.key] = l.str;
  return out;
}

// The trace's CPU sample events, by a plain read: goroutine of each, in order.
std::vector<int64_t> sampleGoroutines(const std::string& trace) {
  auto reader = TraceReader::open(Input::open(traceOf(trace)));
  std::vector<int64_t> out;
  Event ev;
  while (reader->next(ev)) {
    if (ev.kind == EventKind::StackSample) out.push_back(ev.goroutine);
  }
  return out;
}

const std::vector<std::string> kTraces = {
    "annotations_go1.23", "flowcontrol_go1.22", "gcstress_go1.21",   "generations_go1.26", "httpserver_go1.19",
    "httpserver_go1.26",  "httptests_go1.26",   "scopesplit_go1.21", "stwdelay_go1.26",    "syscalls_go1.26",
    "v1mix_go1.21"};

TEST(EtpprofCpu, OneSamplePerTraceSampleWithItsGoroutine) {
  for (const std::string& name : kTraces) {
    const pprof::Profile p = cpu(name);
    const std::vector<int64_t> want = sampleGoroutines(name);
    ASSERT_EQ(p.samples.size(), want.size()) << name;
    ASSERT_EQ(p.sampleTypes.size(), 2u);
    EXPECT_EQ(p.sampleTypes[0].type, "samples");
    EXPECT_EQ(p.sampleTypes[1].type, "cpu");
    EXPECT_EQ(p.sampleTypes[1].unit, "nanoseconds");
    EXPECT_EQ(p.period, 10'000'000);
    size_t named = 0, withGoroutine = 0;
    for (size_t i = 0; i < want.size(); i++) {
      const pprof::Sample& s = p.samples[i];
      EXPECT_EQ(s.values, (std::vector<int64_t>{1, 10'000'000})) << name;
      EXPECT_FALSE(s.locations.empty()) << name;
      const auto labels = labelsOf(s);
      if (want[i] == kNoGoroutine) {
        EXPECT_FALSE(labels.contains("goroutine")) << name;
      } else {
        EXPECT_EQ(labels.at("goroutine"), std::to_string(want[i])) << name << " sample " << i;
        named += labels.contains("start_function");
        withGoroutine++;
      }
    }
    // Nearly every goroutine's start function is known.
    EXPECT_GE(named * 10, withGoroutine * 9) << name;
  }
}

TEST(EtpprofCpu, PeriodFlag) {
  EtpprofOptions o;
  o.input = traceOf("scopesplit_go1.26");
  o.kind = "cpu";
  o.periodNs = 1'000'000;
  const pprof::Profile p = run(o);
  EXPECT_EQ(p.period, 1'000'000);
  ASSERT_FALSE(p.samples.empty());
  EXPECT_EQ(p.samples[0].values, (std::vector<int64_t>{1, 1'000'000}));
}

// User regions by a plain scan: for each CPU sample, the types of the regions
// its goroutine has open then (innermost last).
std::vector<std::vector<std::string>> openRegionsAtSamples(const std::string& trace) {
  auto reader = TraceReader::open(Input::open(traceOf(trace)));
  std::map<int64_t, std::vector<std::string>> open;
  std::vector<std::vector<std::string>> out;
  Event ev;
  while (reader->next(ev)) {
    const auto& strings = reader->tables().strings;
    if (ev.kind == EventKind::RegionBegin) open[ev.goroutine].emplace_back(strings.view(ev.region.type));
    if (ev.kind == EventKind::RegionEnd && !open[ev.goroutine].empty()) open[ev.goroutine].pop_back();
    if (ev.kind == EventKind::StackSample) out.push_back(ev.goroutine == kNoGoroutine ? std::vector<std::string>{} : open[ev.goroutine]);
  }
  return out;
}

TEST(EtpprofCpu, UserRegionLabelsAndRegionFilter) {
  for (const std::string name : {"generations_go1.26", "generations_go1.22", "annotations_go1.23", "v1mix_go1.21"}) {
    const std::vector<std::vector<std::string>> open = openRegionsAtSamples(name);
    const pprof::Profile all = cpu(name);
    ASSERT_EQ(all.samples.size(), open.size());
    std::map<std::string, size_t> inType;
    size_t labelled = 0;
    for (size_t i = 0; i < open.size(); i++) {
      const auto labels = labelsOf(all.samples[i]);
      if (open[i].empty()) {
        EXPECT_FALSE(labels.contains("user_region")) << name << " sample " << i;
        continue;
      }
      labelled++;
      EXPECT_EQ(labels.at("user_region"), open[i].back()) << name << " sample " << i;
      std::set<std::string> types(open[i].begin(), open[i].end());
      for (const std::string& t : types) inType[t]++;
    }
    if (name.starts_with("generations")) {
      EXPECT_GT(labelled, 0u) << name;
    }
    for (const auto& [type, n] : inType) {
      EXPECT_EQ(cpu(name, type).samples.size(), n) << name << " -region=" << type;
    }
  }
}

// -region of an inferred kind keeps exactly the samples scope places in
// regions of that kind.
TEST(EtpprofCpu, InferredRegionFilterEqualsScope) {
  const RegionPatterns patterns = RegionPatterns::builtin();
  for (const std::string name : {"httpserver_go1.19", "httpserver_go1.22", "httpserver_go1.26"}) {
    for (const std::string kind : {"client/tls_handshake", "server/http", "server/tls_handshake"}) {
      ScopeReport scope(patterns, kind, ScopeReport::Format::None);
      auto reader = TraceReader::open(Input::open(traceOf(name)));
      OutputBuffer out(-1);
      const auto counts = scope.addTrace(*reader, name, out);
      const pprof::Profile p = cpu(name, kind);
      EXPECT_EQ(p.samples.size(), counts.samples) << name << " " << kind;
      if (kind == "client/tls_handshake") {
        EXPECT_GT(counts.samples, 0u) << name;
      }
      // Their innermost inferred kind is that kind or one inside it.
      for (const pprof::Sample& s : p.samples) EXPECT_TRUE(labelsOf(s).contains("regiongraph")) << name << " " << kind;
    }
  }
}

TEST(EtpprofCpu, UnknownRegionWarnsAndIsEmpty) {
  EtpprofOptions o;
  o.input = traceOf("scopesplit_go1.26");
  o.kind = "cpu";
  o.region = "no/such-kind";
  std::string warnings;
  EXPECT_TRUE(run(o, &warnings).samples.empty());
  EXPECT_NE(warnings.find("no region of kind no/such-kind in the trace"), std::string::npos) << warnings;
}

// g1: region "r" 100..500 with another "r" nested in it 150..350; blocked
// on a channel 200..300 (inside both: counted once), 400..450 (inside the
// outer one), 600..700 (outside). The outer region is task 5's, of type "t".
constexpr std::string_view kRegionTrace = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
UserTaskBegin dt=1 task=5 parent_task=0 name_string=5 stack=0
UserRegionBegin dt=87 task=5 name_string=1 stack=1
UserRegionBegin dt=50 task=0 name_string=1 stack=1
GoBlock dt=50 reason_string=2 stack=1
GoUnblock dt=100 g=1 g_seq=1 stack=0
GoStart dt=1 g=1 g_seq=2
UserRegionEnd dt=49 task=0 name_string=1 stack=1
GoBlock dt=50 reason_string=2 stack=1
GoUnblock dt=50 g=1 g_seq=3 stack=0
GoStart dt=1 g=1 g_seq=4
UserRegionEnd dt=49 task=5 name_string=1 stack=1
GoBlock dt=100 reason_string=2 stack=1
GoUnblock dt=100 g=1 g_seq=5 stack=0
GoStart dt=1 g=1 g_seq=6
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=1 nframes=1
	pc=4096 func=3 file=4 line=10
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="r"
String id=2
	data="chan receive"
String id=3
	data="main.f"
String id=4
	data="f.go"
String id=5
	data="t"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR";

TEST(EtpprofBlocking, TimeInsideARegionByHand) {
  const fs::path path = fs::temp_directory_path() / ("etpprof_region_" + std::to_string(getpid()) + ".trace");
  {
    const std::vector<uint8_t> bytes = testing::openTestTrace(kRegionTrace).bytes;
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  }
  auto total = [](const pprof::Profile& p) {
    std::pair<int64_t, int64_t> t;
    for (const pprof::Sample& s : p.samples) {
      t.first += s.values.at(0);
      t.second += s.values.at(1);
    }
    return t;
  };
  EtpprofOptions o;
  o.input = path.string();
  o.kind = "sync";
  EXPECT_EQ(total(run(o)), (std::pair<int64_t, int64_t>{3, 100 + 50 + 100}));
  o.region = "r";
  EXPECT_EQ(total(run(o)), (std::pair<int64_t, int64_t>{2, 100 + 50}));
  o.region = "other";
  std::string warnings;
  EXPECT_EQ(total(run(o, &warnings)), (std::pair<int64_t, int64_t>{0, 0}));
  EXPECT_NE(warnings.find("no region of kind other in the trace"), std::string::npos) << warnings;
  o.region = "";
  o.task = "t";
  EXPECT_EQ(total(run(o)), (std::pair<int64_t, int64_t>{2, 100 + 50}));
  o.task = "u";
  EXPECT_EQ(total(run(o)), (std::pair<int64_t, int64_t>{0, 0}));
  // A window ending before the last stretch.
  o.task = "";
  o.read.endNs = 550;
  EXPECT_EQ(total(run(o)), (std::pair<int64_t, int64_t>{2, 100 + 50}));
  fs::remove(path);
}

// Per stack (leaf first, "func file:line" per frame): count and nanoseconds.
using StackTotals = std::map<std::string, std::pair<int64_t, int64_t>>;

StackTotals stackTotals(const pprof::Profile& p) {
  StackTotals out;
  for (const pprof::Sample& s : p.samples) {
    std::string key;
    for (uint32_t l : s.locations) {
      // A frame the trace has no symbol for: Go's frame has no function,
      // file or line; our location has no line.
      if (p.locations[l].lines.empty()) key += " :0\n";
      for (const pprof::Line& line : p.locations[l].lines) {
        const pprof::Function& f = p.functions[line.function];
        key += f.name + " " + f.filename + ":" + std::to_string(line.line) + "\n";
      }
    }
    auto& [count, ns] = out[key];
    count += s.values.at(0);
    ns += s.values.at(1);
  }
  return out;
}

// -region=TYPE of every blocking kind against go tool trace's region
// profiles (testdata/go_region_pprof), for the traces that have them in
// testdata (and the corpus's, when present).
TEST(EtpprofBlocking, RegionProfilesEqualGoToolTrace) {
  int compared = 0, nonEmpty = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(testdataDir()) / "go_region_pprof")) {
    if (entry.path().extension() != ".jsonl") continue;
    const std::string name = entry.path().stem().string();
    fs::path trace = fs::path(testdataDir()) / "traces" / (name + ".trace");
    if (!fs::exists(trace)) {
      if (testing::sharedCorpusDir().empty()) continue;
      trace = fs::path(testing::sharedCorpusDir()) / "traces" / (name + ".trace");
    }
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      StackTotals go;
      for (const auto& [stack, v] : j["stacks"].items()) go[stack] = {v[0].get<int64_t>(), v[1].get<int64_t>()};
      EtpprofOptions o;
      o.input = trace.string();
      o.kind = j["kind"].get<std::string>();
      o.region = j["region"].get<std::string>();
      const StackTotals ours = stackTotals(run(o));
      EXPECT_EQ(ours, go) << name << " -kind=" << o.kind << " -region=" << o.region;
      compared++;
      nonEmpty += !go.empty();
    }
  }
  EXPECT_GE(compared, 4 * 10);
  EXPECT_GE(nonEmpty, 10);
}

// go tool pprof reads the profile and narrows it by a label.
TEST(EtpprofCpu, GoToolPprofReadsItWithTagfocus) {
  const char* go = "/usr/lib/go-1.26/bin/go";
  if (!fs::exists(go)) GTEST_SKIP() << "Go 1.26 not installed: checked with our reader only";
  EtpprofOptions o;
  o.input = traceOf("httpserver_go1.26");
  o.kind = "cpu";
  const fs::path path = fs::temp_directory_path() / ("etpprof_go_" + std::to_string(getpid()) + ".pb.gz");
  o.output = path.string();
  std::ostringstream err;
  cli::Console console("etpprof", STDOUT_FILENO, &err);
  ASSERT_EQ(runEtpprof(o, console), 0);
  // Samples our reader finds in server/http: go tool pprof's total must be
  // that many periods.
  std::ifstream in(path, std::ios::binary);
  const pprof::Profile p = pprof::parseProfile(std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {}));
  size_t http = 0;
  for (const pprof::Sample& s : p.samples) http += labelsOf(s)["regiongraph"] == "server/http";
  ASSERT_GT(http, 0u);
  // pprof's tag values are regexps: anchored, server/http_read is not server/http.
  const std::string cmd = std::string("HOME=/tmp GOTOOLCHAIN=local ") + go +
                          " tool pprof -top -nodecount=1000000 '-tagfocus=regiongraph=^server/http$' " + path.string() +
                          " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_TRUE(pipe);
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
  pclose(pipe);
  fs::remove(path);
  // "Showing nodes accounting for 0.53s, 27.89% of 1.90s total": every node
  // shown, the first figure is the focused samples' time.
  const std::string key = "accounting for ";
  const size_t at = text.find(key);
  ASSERT_NE(at, std::string::npos) << text;
  size_t used = 0;
  const double value = std::stod(text.substr(at + key.size()), &used);
  const std::string unit = text.substr(at + key.size() + used, 2);
  const double ms = unit == "ms" ? value : unit.starts_with("s") ? value * 1000 : -1;
  EXPECT_NEAR(ms, double(http) * 10, 0.5) << text;
  EXPECT_NE(text.find("flat  flat%"), std::string::npos) << text;
}

}  // namespace
}  // namespace gotrace::commands
