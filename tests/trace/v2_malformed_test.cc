// Damaged and hand-made malformed v2 traces: each gives its specific error,
// after every event that could be delivered, and never crashes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using Lines = std::vector<std::string>;
using Bytes = std::vector<uint8_t>;

Bytes header(std::string_view text) {
  Bytes b(text.begin(), text.end());
  b.resize(16, 0);
  return b;
}

Bytes encode(std::string_view text) { return traceFromText(withBatchSizes(text)); }

constexpr std::string_view kOneGen22 = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=2
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR";

TEST(Malformed, NotATrace) {
  using namespace std::literals;
  for (std::string_view text : {"hello, world! this is not a trace"sv, "go 1.22 trac\0\0\0\0"sv,
                                "go 1.x trace\0\0\0\0"sv, "go 1.22 trace\0\0X"sv, "go 1"sv, ""sv}) {
    TraceRun run = readTrace(Bytes(text.begin(), text.end()));
    ASSERT_TRUE(run.error);
    EXPECT_EQ(*run.error, "bad file format: not a Go execution trace?");
  }
}

TEST(Malformed, UnknownAndOldVersions) {
  TraceRun run = readTrace(header("go 1.24 trace"));
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "unknown or unsupported trace version go 1.24");
  run = readTrace(header("go 1.9 trace"));
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "unsupported: Go 1.9 traces (before Go 1.11)");
}

TEST(Malformed, HeaderOnly) {
  // 1.22-1.25: a Sync, then the missing frequency. 1.26: just a Sync.
  TraceRun run = readTrace(header("go 1.22 trace"));
  EXPECT_EQ(run.lines, Lines{"M=-1 P=-1 G=-1 Sync Time=1 N=1"});
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "no frequency event found");
  run = readTrace(header("go 1.26 trace"));
  EXPECT_FALSE(run.error);
  EXPECT_EQ(run.lines, Lines{"M=-1 P=-1 G=-1 Sync Time=1 N=1"});
}

TEST(Malformed, TruncatedBatchAfterCompleteGeneration) {
  Bytes good = encode(kOneGen22);
  // A generation-2 batch that promises 100 bytes but has only 3.
  Bytes bad = good;
  for (uint8_t b : {1, 2, 1, 20, 100, 11, 1, 2}) bad.push_back(b);
  TraceRun run = readTrace(bad);
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=12 N=2",
                       }));
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "failed to read full batch: read 3 but wanted 100");
  EXPECT_EQ(run.errorOffset, good.size());
}

TEST(Malformed, TruncatedGo126Generation) {
  Bytes good = encode(R"TR(
Trace Go1.26
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Sync
Frequency freq=1000000000
ClockSnapshot dt=0 mono=1 sec=0 nsec=0
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=2
EndOfGeneration
EventBatch gen=2 m=1 time=20 size=?
ProcStatus dt=1 p=0 pstatus=2
EndOfGeneration
)TR");
  // Cut off the second generation's end marker: its events can't be trusted.
  Bytes cut(good.begin(), good.end() - 1);
  TraceRun run = readTrace(cut);
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1 Trace=10 Mono=1 Wall=1970-01-01T00:00:00Z",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=12 N=2",
                       }));
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "incomplete generation found; trace likely truncated");
}

TEST(Malformed, EveryTruncationIsACleanError) {
  // Whatever the cut, the reader returns events or a clean error.
  Bytes good = encode(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoBlock dt=300 reason_string=1 stack=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=1 nframes=1
	pc=4096 func=1 file=1 line=10
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="main.go"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  for (size_t n = 0; n < good.size(); n++) {
    TraceRun run = readTrace(Bytes(good.begin(), good.begin() + long(n)));
    EXPECT_TRUE(run.error || !run.lines.empty()) << "cut at " << n;
  }
  EXPECT_FALSE(readTrace(good).error);
}

TEST(Malformed, EventTypes) {
  // Type 200 is not an event; type 60 has no timestamp. Both fail before
  // the generation's first event.
  for (auto [type, message] : {std::pair<uint8_t, const char*>{200, "found invalid event type: 200"},
                               {60, "found event without a timestamp: type=60"},
                               {51, "bad event type found while ordering: 51"}}) {
    Bytes b = header("go 1.22 trace");
    Bytes batch = {type, 1, 1, 1, 1};
    for (int x : {1, 1, 1, 10, int(batch.size())}) b.push_back(uint8_t(x));
    b.insert(b.end(), batch.begin(), batch.end());
    Bytes freq = encode("Trace Go1.22\nEventBatch gen=1 m=18446744073709551615 time=10 size=?\nFrequency freq=1000\n");
    b.insert(b.end(), freq.begin() + 16, freq.end());
    TraceRun run = readTrace(b);
    ASSERT_TRUE(run.error) << int(type);
    EXPECT_EQ(*run.error, message);
    EXPECT_EQ(run.errorOffset, 16u + 5u);
  }
}

TEST(Malformed, StringAndStackIdsOutOfRange) {
  constexpr std::string_view kText = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoBlock dt=1 reason_string=%s stack=%s
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR";
  auto with = [&](const char* reason, const char* stack) {
    std::string t(kText);
    t.replace(t.find("%s"), 2, reason);
    t.replace(t.find("%s"), 2, stack);
    return readTestTrace(t);
  };
  TraceRun run = with("9", "0");
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "found invalid string ID 9 for event GoBlock");
  EXPECT_EQ(run.lines.size(), 3u);  // Sync and the two statuses came first
  run = with("0", "3");
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "found invalid stack ID 3 for event GoBlock");
}

struct Case {
  const char* name;
  const char* trace;
  const char* error;
};

class MalformedTables : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedTables, GivesItsError) {
  TraceRun run = readTestTrace(GetParam().trace);
  ASSERT_TRUE(run.error) << GetParam().name;
  EXPECT_EQ(*run.error, GetParam().error) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedTables,
    ::testing::Values(
        Case{"generation zero", "Trace Go1.22\nEventBatch gen=0 m=1 time=1 size=0\n", "invalid generation number 0"},
        Case{"generations out of order",
             "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=0\nEventBatch gen=3 m=1 time=1 size=0\n",
             "generations out of order"},
        Case{"interleaved 1.26 generations",
             "Trace Go1.26\nEventBatch gen=1 m=1 time=1 size=0\nEventBatch gen=2 m=1 time=1 size=0\n",
             "broken trace: missing end-of-generation event, or generations are interleaved"},
        Case{"no frequency", "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=0\n", "no frequency event found"},
        Case{"no clock snapshot",
             "Trace Go1.25\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nSync\nFrequency freq=5\n",
             "no clock snapshot event found"},
        Case{"two frequencies",
             "Trace Go1.25\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nSync\nFrequency freq=5\n"
             "Frequency freq=5\n",
             "found multiple frequency events"},
        Case{"batch too big", "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=70000\n",
             "invalid batch size 70000, maximum is 65536"},
        Case{"duplicate string",
             "Trace Go1.22\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nStrings\nString id=1\n"
             "\tdata=\"a\"\nString id=1\n\tdata=\"b\"\n",
             "multiple strings with the same ID: id=1, new=b, existing=a"},
        Case{"string id zero",
             "Trace Go1.22\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nStrings\nString id=0\n"
             "\tdata=\"a\"\n",
             "multiple strings with the same ID: id=0, new=a, existing="},
        Case{"frame names a missing string",
             "Trace Go1.22\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nStacks\nStack id=1 nframes=1\n"
             "\tpc=1 func=7 file=0 line=1\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\n"
             "Frequency freq=5\n",
             "found invalid func string ID 7 for stack 1"},
        Case{"not a batch", "Trace Go1.22\nCPUSample time=1 m=1 p=1 g=1 stack=1\n", "expected batch event, got event 7"},
        Case{"inconsistent proc status",
             "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=?\nProcStatus dt=1 p=0 pstatus=1\n"
             "ProcStatus dt=1 p=0 pstatus=2\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\n"
             "Frequency freq=5\n",
             "inconsistent status for proc 0: old Running vs. new Idle"},
        Case{"goroutine status naming a missing stack",
             "Trace Go1.23\nEventBatch gen=1 m=1 time=1 size=?\nGoStatusStack dt=1 g=1 m=1 gstatus=2 stack=9\n"
             "EventBatch gen=1 m=18446744073709551615 time=1 size=?\nFrequency freq=5\n",
             "found invalid stack ID 9 for event GoStatusStack"},
        Case{"create without a proc",
             "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=?\nGoCreate dt=1 new_g=5 new_stack=0 stack=0\n"
             "EventBatch gen=1 m=18446744073709551615 time=1 size=?\nFrequency freq=5\n",
             "expected a proc but didn't have one"},
        Case{"end of an unknown region name",
             "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=?\nProcStatus dt=1 p=0 pstatus=1\n"
             "GoStatus dt=1 g=3 m=1 gstatus=2\nUserRegionBegin dt=1 task=0 name_string=1 stack=0\n"
             "UserRegionEnd dt=1 task=0 name_string=2 stack=0\n"
             "EventBatch gen=1 m=18446744073709551615 time=1 size=?\nStrings\nString id=1\n\tdata=\"a\"\n"
             "String id=2\n\tdata=\"b\"\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nFrequency freq=5\n",
             "misuse of region in goroutine 3: region end {0 b} when the inner-most active region start event is "
             "{0 a}"},
        Case{"GC end in an undetermined state",
             "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=?\nProcStatus dt=1 p=0 pstatus=1\n"
             "GoStatus dt=1 g=3 m=1 gstatus=2\nGCEnd dt=1 gc_seq=1\n"
             "EventBatch gen=1 m=18446744073709551615 time=1 size=?\nFrequency freq=5\n",
             "encountered GCEnd when GC was in an undetermined state"},
        Case{"new goroutine status after the first generation",
             "Trace Go1.22\nEventBatch gen=1 m=1 time=1 size=?\nProcStatus dt=1 p=0 pstatus=2\n"
             "EventBatch gen=1 m=18446744073709551615 time=1 size=?\nFrequency freq=5\n"
             "EventBatch gen=2 m=1 time=1 size=?\nGoStatus dt=1 g=3 m=1 gstatus=1\n"
             "EventBatch gen=2 m=18446744073709551615 time=1 size=?\nFrequency freq=5\n",
             "found goroutine status for new goroutine after the first generation: id=3 status=Runnable"}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string n = info.param.name;
      for (char& c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return n;
    });

TEST(Malformed, StackTooDeep) {
  std::string text = "Trace Go1.22\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nStacks\nStack id=1 nframes=129\n";
  for (int i = 0; i < 129; i++) text += "\tpc=1 func=0 file=0 line=1\n";
  TraceRun run = readTestTrace(text);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "invalid stack size 129, maximum is 128");
}

TEST(Malformed, EventCutShortInsideItsBatch) {
  // A ProcStatus (type 13) whose arguments are missing.
  Bytes b = header("go 1.22 trace");
  for (uint8_t x : {1, 1, 1, 1, 2, 13, 1}) b.push_back(x);
  Bytes freq = encode("Trace Go1.22\nEventBatch gen=1 m=18446744073709551615 time=1 size=?\nFrequency freq=5\n");
  b.insert(b.end(), freq.begin() + 16, freq.end());
  TraceRun run = readTrace(b);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "found invalid uvarint");
  // An overlong timestamp delta.
  b = header("go 1.22 trace");
  for (uint8_t x : {1, 1, 1, 1, 12, 11, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1}) b.push_back(x);
  b.insert(b.end(), freq.begin() + 16, freq.end());
  run = readTrace(b);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "found invalid uvarint for timestamp");
}

TEST(Malformed, StuckOrderingIsReportedWithTheFrontier) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=1
GoStart dt=1 g=1 g_seq=5
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  ASSERT_TRUE(run.error);
  EXPECT_TRUE(run.error->starts_with("broken trace: failed to advance: frontier:")) << *run.error;
  EXPECT_NE(run.error->find("GoStart"), std::string::npos) << *run.error;
  EXPECT_EQ(run.lines.size(), 3u);
}

TEST(Malformed, ErrorsAreSticky) {
  Bytes b = header("go 1.22 trace");
  auto reader = TraceReader::open(Input::fromMemory(b, "x"));
  Event ev;
  EXPECT_TRUE(reader->next(ev));  // the Sync
  EXPECT_THROW(reader->next(ev), Error);
  EXPECT_THROW(reader->next(ev), Error);
}

}  // namespace
}  // namespace gotrace::testing
