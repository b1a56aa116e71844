// One test per class of bad input, end to end through the message a tool
// prints (`FILE: offset N: what`). Finer cases of each class are in
// trace/v2_malformed_test.cc (event types, ids, varints, sequences),
// trace/v1_reader_test.cc and pprof/profile_reader_test.cc.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "gotrace/bundles/bundle_meta.h"
#include "gotrace/base/error.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/trace/trace_reader.h"
#include "gotrace/trace/trace_text.h"
#include "gotrace/io/zip_archive.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes bytesOf(std::string_view s) { return Bytes(s.begin(), s.end()); }

// What reading the whole trace ends with, as a tool prints it.
std::string traceError(const Bytes& bytes) {
  try {
    auto reader = TraceReader::open(Input::fromMemory(bytes, "t.trace"));
    Event ev;
    while (reader->next(ev)) {
    }
  } catch (Error& e) {
    return e.setFile("t.trace").describe();
  }
  return "";
}

Bytes header(std::string_view version) {
  Bytes b = bytesOf(version);
  b.resize(16, 0);
  return b;
}

TEST(ErrorClasses, WrongMagic) {
  EXPECT_EQ(traceError(bytesOf("PK\x03\x04 this is a zip, not a trace")),
            "t.trace: offset 0: bad file format: not a Go execution trace?");
}

TEST(ErrorClasses, UnsupportedVersion) {
  EXPECT_EQ(traceError(header("go 1.5 trace")), "t.trace: offset 0: unsupported: Go 1.5 traces (before Go 1.11)");
  EXPECT_EQ(traceError(header("go 1.99 trace")), "t.trace: offset 0: unknown or unsupported trace version go 1.99");
}

TEST(ErrorClasses, UnknownEvent) {
  Bytes b = traceFromText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR"));
  // The ProcStatus event's type byte comes right after the batch header.
  const auto it = std::find(b.begin() + 16, b.end(), uint8_t(13));  // EvProcStatus
  ASSERT_NE(it, b.end());
  *it = 200;
  const std::string e = traceError(b);
  EXPECT_EQ(e.rfind("t.trace: offset ", 0), 0u) << e;
  EXPECT_NE(e.find(": found invalid event type: 200"), std::string::npos) << e;
}

TEST(ErrorClasses, IdOutOfRangeBadSequenceTruncatedVarint) {
  const std::string id = traceError(traceFromText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoBlock dt=1 reason_string=9 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR")));
  EXPECT_EQ(id.rfind("t.trace: offset ", 0), 0u) << id;
  EXPECT_NE(id.find(": found invalid string ID 9 for event GoBlock"), std::string::npos) << id;
  // A goroutine started twice with one sequence number: ordering cannot go on.
  const std::string stuck = traceError(traceFromText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=5 m=18446744073709551615 gstatus=1
GoStart dt=1 g=5 g_seq=2
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR")));
  EXPECT_NE(stuck.find("broken trace: failed to advance"), std::string::npos) << stuck;
  // An event whose argument is cut off by the end of its batch.
  Bytes cut = traceFromText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR"));
  EXPECT_NE(traceError(Bytes(cut.begin(), cut.end() - 3)).find("t.trace: offset "), std::string::npos);
}

TEST(ErrorClasses, GzipError) {
  Bytes bad = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff, 0xde, 0xad, 0xbe, 0xef};
  try {
    pprof::parseProfile(bad);
    FAIL();
  } catch (Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("gzip: ", 0), 0u) << e.what();
    EXPECT_TRUE(e.offset());
  }
}

TEST(ErrorClasses, ZipError) {
  try {
    ZipArchive zip(bytesOf("PK\x03\x04 a zip cut short"), "b.zip");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("not a readable zip archive: ", 0), 0u) << e.what();
  }
  // A real bundle with a member's data cut off (the directory kept).
  std::filesystem::path first;
  for (const auto& f : std::filesystem::recursive_directory_iterator(testdataDir() + "/bundles/store")) {
    if (f.is_regular_file()) {
      first = f.path();
      break;
    }
  }
  std::ifstream in(first, std::ios::binary);
  Bytes bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_GT(bytes.size(), 4000u);
  Bytes holed = bytes;
  std::memset(holed.data() + 200, 0xff, 1000);  // inside the first members' data
  ZipArchive zip(holed, "b.zip");
  bool failed = false;
  for (const std::string& m : zip.members()) {
    try {
      auto data = zip.read(m);
      if (data && m.rfind("pprof/", 0) == 0) pprof::parseProfile(*data);
      if (data && m == "meta") bundles::parseMeta(std::string_view(reinterpret_cast<const char*>(data->data()), data->size()));
    } catch (const Error&) {
      failed = true;
    }
  }
  EXPECT_TRUE(failed) << "a damaged member is reported";
}

TEST(ErrorClasses, BadMetaJson) {
  try {
    bundles::parseMeta("{\"main\": ");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("meta"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gotrace::testing
