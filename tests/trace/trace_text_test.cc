#include "gotrace/trace/trace_text.h"

#include <gtest/gtest.h>

#include "gotrace/base/error.h"

namespace gotrace {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes body(const Bytes& trace) { return Bytes(trace.begin() + 16, trace.end()); }

TEST(TraceText, EncodesRecordsAsTheyAreWritten) {
  Bytes t = traceFromText(
      "# a comment\n"
      "Trace Go1.26\n"
      "\n"
      "EventBatch gen=1 m=18446744073709551615 time=300 size=3\n"
      "ProcStatus dt=1 p=0 pstatus=1\n"
      "String id=2\n"
      "\tdata=\"hi\\n\"\n"
      "Stack id=5 nframes=1\n"
      "\tpc=4096 func=1 file=2 line=3\n"
      "EndOfGeneration\n");
  ASSERT_EQ(t.size(), 16u + 15u + 4u + 6u + 8u + 1u);
  EXPECT_EQ(std::string(t.begin(), t.begin() + 16), std::string("go 1.26 trace\0\0\0", 16));
  EXPECT_EQ(body(t), (Bytes{1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xac, 0x02, 3,
                            13, 1, 0, 1,
                            5, 2, 3, 'h', 'i', '\n',
                            3, 5, 1, 0x80, 0x20, 1, 2, 3,
                            52}));
}

TEST(TraceText, EventsOfLaterVersionsAreUnknownInEarlierOnes) {
  EXPECT_THROW(traceFromText("Trace Go1.22\nGoSwitch dt=1 g=1 g_seq=1\n"), Error);
  EXPECT_NO_THROW(traceFromText("Trace Go1.23\nGoSwitch dt=1 g=1 g_seq=1\n"));
  EXPECT_THROW(traceFromText("Trace Go1.25\nEndOfGeneration\n"), Error);
}

TEST(TraceText, SyntaxErrors) {
  auto err = [](const char* text) {
    try {
      traceFromText(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(err("Trace Go1.24\n"), "line 1: unknown or unsupported Go version 1.24");
  EXPECT_EQ(err("Trace Go1.22\nProcStart dt=1 p=0\n"), "line 2: no argument");
  EXPECT_EQ(err("Trace Go1.22\nProcStart dt=1 q=0 p_seq=1\n"), "line 2: expected argument \"p\", but got \"q\"");
  EXPECT_EQ(err("Trace Go1.22\nProcStop dt=1 extra\n"), "line 2: encountered unexpected non-space at the end of an event");
  EXPECT_EQ(err("Trace Go1.22\nNoSuchEvent dt=1\n"), "line 2: unidentified event: NoSuchEvent");
  EXPECT_EQ(err("Trace Go1.22\nProcStop dt=-1\n"), "line 2: bad value for argument \"dt\": -1");
}

}  // namespace
}  // namespace gotrace
