// The v1 reader (Go 1.11-1.21 traces) on small hand-built traces: ordering,
// conversion into the event model, and malformed input. Expected lines are
// worked out from the format spec (frequency 1e9: 1 tick = 1 ns; times count
// from the first event; converted times are made strictly increasing).
#include <gtest/gtest.h>

#include "gotrace/render/event_text.h"
#include "support/trace_run.h"
#include "support/v1_trace_builder.h"

namespace gotrace::testing {
namespace {

using Lines = std::vector<std::string>;

// v1 event types used below.
enum : uint8_t {
  Gomaxprocs = 4, ProcStart = 5, ProcStop = 6, GCStart = 7, GCDone = 8, STWStart = 9, STWDone = 10,
  GoCreate = 13, GoStart = 14, GoEnd = 15, GoSched = 17, GoUnblock = 21, GoBlockSend = 22, GoBlockNet = 27,
  GoSysCall = 28, GoSysExit = 29, GoSysBlock = 30, GoWaiting = 31, HeapAlloc = 33, GoStartLocal = 38,
  GoStartLabel = 41, UserTaskCreate = 45, UserTaskEnd = 46, UserRegion = 47, CPUSample = 49,
};

// A footer: frequency 1e9 and one stack (id 1: main.worker at main.go:10).
void footer(V1TraceBuilder& b) {
  b.batch(0, 5000)
      .string(1, "main.worker")
      .string(2, "main.go")
      .frequency(1000000000)
      .stack(1, {{0x1000, 1, 2, 10}});
}

std::string parsedText(const std::vector<uint8_t>& bytes) {
  auto reader = TraceReader::open(Input::fromMemory(bytes, "t"));
  std::string out;
  Event ev;
  while (reader->next(ev)) appendEventParsed(out, ev, reader->tables());
  return out;
}

TEST(V1Reader, GoroutinesThatExistedAtStartAndASyscallThatDidNotBlock) {
  V1TraceBuilder b(19);
  b.batch(0, 1000)
      .event(GoCreate, {0, 1, 1, 0})  // before the first Gomaxprocs: existed at start
      .event(GoCreate, {1, 2, 0, 0})
      .event(GoWaiting, {1, 2})
      .event(ProcStart, {1, 7})
      .event(Gomaxprocs, {1, 4, 0})  // dropped; G1 gets a Runnable status here
      .event(GoStart, {1, 1, 1})
      .event(GoSysCall, {1, 1})  // followed by GoSched, not GoSysBlock: 1 ns syscall
      .event(GoSched, {4, 0})
      .event(GoStartLocal, {1, 1})
      .event(GoEnd, {1})
      .event(ProcStop, {1});
  footer(b);
  TraceRun run = readTrace(b.bytes());
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=-1 N=1",
                           "M=-1 P=0 G=2 StateTransition Time=2 GoID=2 Undetermined->Waiting Reason=\"\"",
                           "M=7 P=0 G=-1 StateTransition Time=3 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=-1 P=-1 G=-1 StateTransition Time=4 GoID=1 Undetermined->Runnable Reason=\"\"",
                           "M=7 P=0 G=1 StateTransition Time=5 GoID=1 Runnable->Running Reason=\"\"",
                           "M=7 P=0 G=1 StateTransition Time=6 GoID=1 Running->Syscall Reason=\"\"",
                           "M=7 P=0 G=1 StateTransition Time=7 GoID=1 Syscall->Running Reason=\"\"",
                           "M=7 P=0 G=1 StateTransition Time=10 GoID=1 Running->Runnable Reason=\"runtime.Gosched\"",
                           "M=7 P=0 G=1 StateTransition Time=11 GoID=1 Runnable->Running Reason=\"\"",
                           "M=7 P=0 G=1 StateTransition Time=12 GoID=1 Running->NotExist Reason=\"\"",
                           "M=7 P=0 G=-1 StateTransition Time=13 ProcID=0 Running->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=14 N=2",
                       }));
  // The syscall's stack comes from the footer's stack table.
  std::string text = parsedText(b.bytes());
  EXPECT_NE(text.find("Running->Syscall Reason=\"\"\nTransitionStack=\n\tmain.worker @ 0x1000\n\t\tmain.go:10\n"),
            std::string::npos)
      << text;
}

TEST(V1Reader, SequenceNumbersOrderEventsOfEqualTime) {
  // P0's unblock of G5 and P1's block of G5 have the same time; the unblock
  // needs G5's sequence number 2, which only the block leads to.
  V1TraceBuilder b(21);
  b.batch(0, 100).event(ProcStart, {0, 1}).event(Gomaxprocs, {1, 2, 0}).event(GoCreate, {1, 5, 0, 0});
  b.batch(1, 100).event(ProcStart, {5, 2}).event(GoStart, {0, 5, 1}).event(GoBlockSend, {5, 0});
  b.batch(0, 110).event(GoUnblock, {0, 5, 2, 0});
  footer(b);
  TraceRun run = readTrace(b.bytes());
  ASSERT_FALSE(run.error) << *run.error;
  ASSERT_EQ(run.lines.size(), 8u);
  EXPECT_EQ(run.lines[5], "M=2 P=1 G=5 StateTransition Time=10 GoID=5 Running->Waiting Reason=\"chan send\"");
  EXPECT_EQ(run.lines[6], "M=1 P=0 G=-1 StateTransition Time=11 GoID=5 Waiting->Runnable Reason=\"\"");
}

TEST(V1Reader, BlockingSyscallExitMovesToItsRealTime) {
  // G3 blocks in a syscall at 103; the exit is written at 120 but carries the
  // real return time 110, before the unrelated heap event at 115.
  V1TraceBuilder b(21);
  b.batch(0, 100)
      .event(ProcStart, {0, 1})
      .event(Gomaxprocs, {1, 2, 0})
      .event(GoCreate, {1, 3, 0, 0})
      .event(GoStart, {1, 3, 1})
      .event(GoSysCall, {1, 0})
      .event(GoSysBlock, {1})
      .event(HeapAlloc, {10, 4096})
      .event(GoSysExit, {5, 3, 2, 110});
  footer(b);
  TraceRun run = readTrace(b.bytes());
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=-1 N=1",
                           "M=1 P=0 G=-1 StateTransition Time=0 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=2 GoID=3 NotExist->Runnable Reason=\"\"",
                           "M=1 P=0 G=3 StateTransition Time=3 GoID=3 Runnable->Running Reason=\"\"",
                           "M=1 P=0 G=3 StateTransition Time=4 GoID=3 Running->Syscall Reason=\"\"",
                           // The exit, on the reader's syscall proc, before the heap event.
                           "M=-1 P=1000003 G=3 StateTransition Time=10 GoID=3 Syscall->Runnable Reason=\"\"",
                           "M=1 P=0 G=-1 Metric Time=15 Name=\"/memory/classes/heap/objects:bytes\" "
                           "Value=Value{Uint64(4096)}",
                           "M=-1 P=-1 G=-1 Sync Time=16 N=2",
                       }));
}

TEST(V1Reader, RangesLabelsTasksRegionsAndSamples) {
  V1TraceBuilder b(21);
  b.batch(0, 100)
      .string(3, "GC (dedicated)")
      .string(4, "job")
      .string(5, "phase")
      .event(ProcStart, {0, 1})
      .event(Gomaxprocs, {1, 2, 0})
      .event(STWStart, {1, 10})  // kind 10: start trace
      .event(STWDone, {1})
      .event(GCStart, {1, 0, 1})
      .event(GoCreate, {1, 9, 0, 0})
      .event(GoStartLabel, {1, 9, 1, 3})
      .event(UserTaskCreate, {1, 7, 0, 4, 1})
      .event(UserRegion, {1, 7, 0, 5, 0})
      .event(UserRegion, {1, 7, 1, 5, 0})
      .userLog({1, 7, 5, 0}, "hello")
      .event(UserTaskEnd, {1, 7, 0})
      .event(GCDone, {1});
  b.batch(-1, 100).event(CPUSample, {0, 150, 0, 9, 1});
  footer(b);
  TraceRun run = readTrace(b.bytes());
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
      "M=-1 P=-1 G=-1 Sync Time=-1 N=1",
      "M=1 P=0 G=-1 StateTransition Time=0 ProcID=0 Undetermined->Running Reason=\"\"",
      "M=1 P=0 G=-1 RangeBegin Time=2 Name=\"stop-the-world (start trace)\" Scope=Goroutine(-1)",
      "M=1 P=0 G=-1 RangeEnd Time=3 Name=\"stop-the-world (start trace)\" Scope=Goroutine(-1) Attributes=[]",
      // GC starts are on the reader's GC proc, which has no thread.
      "M=-1 P=1000004 G=-1 RangeBegin Time=4 Name=\"GC concurrent mark phase\" Scope=None",
      "M=1 P=0 G=-1 StateTransition Time=5 GoID=9 NotExist->Runnable Reason=\"\"",
      "M=1 P=0 G=9 StateTransition Time=6 GoID=9 Runnable->Running Reason=\"\"",
      "M=1 P=0 G=9 Label Time=7 Label=\"GC (dedicated)\" Resource=Goroutine(9)",
      "M=1 P=0 G=9 TaskBegin Time=8 ID=7 Parent=18446744073709551615 Type=\"job\"",
      "M=1 P=0 G=9 RegionBegin Time=9 Task=7 Type=\"phase\"",
      "M=1 P=0 G=9 RegionEnd Time=10 Task=7 Type=\"phase\"",
      "M=1 P=0 G=9 Log Time=11 Task=7 Category=\"phase\" Message=\"hello\"",
      // A task end reports the parent as its begin wrote it: 0 for none.
      "M=1 P=0 G=9 TaskEnd Time=12 ID=7 Parent=0 Type=\"job\"",
      "M=1 P=0 G=9 RangeEnd Time=13 Name=\"GC concurrent mark phase\" Scope=None Attributes=[]",
      "M=-1 P=0 G=9 StackSample Time=50",
      "M=-1 P=-1 G=-1 Sync Time=51 N=2",
  }));
}

TEST(V1Reader, NetworkUnblocksComeFromThePoller) {
  V1TraceBuilder b(21);
  b.batch(0, 100)
      .event(ProcStart, {0, 1})
      .event(Gomaxprocs, {1, 2, 0})
      .event(GoCreate, {1, 4, 0, 0})
      .event(GoStart, {1, 4, 1})
      .event(GoBlockNet, {1, 0})
      .event(GoUnblock, {1, 4, 2, 0});
  footer(b);
  TraceRun run = readTrace(b.bytes());
  ASSERT_FALSE(run.error) << *run.error;
  ASSERT_EQ(run.lines.size(), 7u);
  EXPECT_EQ(run.lines[4], "M=1 P=0 G=4 StateTransition Time=4 GoID=4 Running->Waiting Reason=\"network\"");
  EXPECT_EQ(run.lines[5], "M=-1 P=1000002 G=-1 StateTransition Time=5 GoID=4 Waiting->Runnable Reason=\"\"");
}

struct Case {
  const char* name;
  std::vector<uint8_t> bytes;
  const char* error;
};

V1TraceBuilder started(int version = 21) {
  V1TraceBuilder b(version);
  b.batch(0, 100).event(ProcStart, {0, 1}).event(Gomaxprocs, {1, 2, 0});
  return b;
}

std::vector<Case> malformedCases() {
  std::vector<Case> cases;
  {
    V1TraceBuilder b = started();
    b.event(60, {1});
    footer(b);
    cases.push_back({"unknown event type", b.bytes(), "unknown event type 60"});
  }
  {
    V1TraceBuilder b = started(11);
    b.event(CPUSample, {0, 112, 0, 9, 1});
    footer(b);
    cases.push_back({"CPU sample in a Go 1.11 trace", b.bytes(), "unknown event type 49"});
  }
  {
    V1TraceBuilder b = started();
    b.raw({GoStart | 2 << 6, 1});  // cut inside the event
    cases.push_back({"truncated event", b.bytes(), "failed to read event 14 argument: malformatted base-128 varint"});
  }
  {
    V1TraceBuilder b = started();
    b.raw({GoCreate | 3 << 6, 9, 1, 2});  // length 9, 2 bytes left
    cases.push_back({"truncated length-prefixed event", b.bytes(), "failed to read trace: EOF"});
  }
  {
    V1TraceBuilder b = started();
    b.event(GoCreate, {1, 5, 0, 0}).event(GoStart, {1, 5, 7});  // sequence 7 never comes
    footer(b);
    cases.push_back({"bad sequence number", b.bytes(), "no consistent ordering of events possible"});
  }
  {
    V1TraceBuilder b(21);
    b.batch(0, 100).event(ProcStart, {0, 1}).event(Gomaxprocs, {1, 2, 0}).event(GoCreate, {1, 5, 0, 0});
    b.batch(1, 100).event(ProcStart, {5, 2}).event(GoStart, {0, 5, 1}).event(GoBlockSend, {20, 0});
    b.batch(0, 110).event(GoUnblock, {0, 5, 2, 0});  // at 110, before the block at 125
    footer(b);
    cases.push_back({"time stamps out of order", b.bytes(), "time stamps out of order"});
  }
  {
    V1TraceBuilder b = started();
    cases.push_back({"no frequency", b.bytes(), "no EvFrequency event"});
  }
  {
    V1TraceBuilder b(21);
    b.event(ProcStart, {0, 1});
    cases.push_back({"event before any batch", b.bytes(), "read event 5 with current P of 0, but P has no batches yet"});
  }
  {
    V1TraceBuilder b = started();
    b.string(0, "x");
    footer(b);
    cases.push_back({"string id 0", b.bytes(), "string has invalid id 0"});
  }
  {
    V1TraceBuilder b = started();
    b.string(9, "x").string(9, "y");
    footer(b);
    cases.push_back({"duplicate string", b.bytes(), "string has duplicate id 9"});
  }
  {
    V1TraceBuilder b = started();
    b.event(GoEnd, {1});
    footer(b);
    cases.push_back({"goroutine 0 exits", b.bytes(), "g 0 did GoEnd (time 2)"});
  }
  {
    V1TraceBuilder b = started();
    b.event(ProcStart, {1, 3});
    footer(b);
    cases.push_back({"proc started twice", b.bytes(), "p 0 is running before start (time 2)"});
  }
  {
    V1TraceBuilder b = started();
    b.event(GoCreate, {1, 5, 0, 0}).event(GoWaiting, {1, 5}).event(GoSysExit, {1, 5, 2, 110});
    footer(b);
    cases.push_back({"syscall exit without a syscall", b.bytes(), "stray syscall exit"});
  }
  {
    V1TraceBuilder b = started();
    b.event(GCDone, {1});
    footer(b);
    cases.push_back({"GC end without a start", b.bytes(), "bogus GC end (time 2)"});
  }
  {
    V1TraceBuilder b = started();
    b.event(UserRegion, {1, 0, 2, 5, 0});
    footer(b);
    cases.push_back({"region mode", b.bytes(), "invalid user region mode: \"2 UserRegion p=0 g=0 stk=0 taskid=0 mode=2 typeid=5\""});
  }
  {
    // Goroutine 0 never runs: events that need it running wait forever,
    // unordered ones fail validation.
    V1TraceBuilder b = started();
    b.event(GoSysCall, {1, 0});
    footer(b);
    cases.push_back({"goroutine 0 in a syscall", b.bytes(), "g 0 did GoSysCall (time 2)"});
  }
  return cases;
}

TEST(V1Reader, MalformedInputGivesItsErrorAndOffset) {
  for (const Case& c : malformedCases()) {
    TraceRun run = readTrace(c.bytes);
    ASSERT_TRUE(run.error) << c.name;
    EXPECT_EQ(*run.error, c.error) << c.name;
    // Parse, ordering and validation errors come before any event.
    EXPECT_TRUE(run.lines.empty()) << c.name;
    if (std::string_view(c.name) != "no frequency") {
      EXPECT_TRUE(run.errorOffset.has_value()) << c.name;
    }
  }
}

TEST(V1Reader, ErrorOffsetPointsAtTheEvent) {
  V1TraceBuilder b = started();
  const size_t at = b.size();
  b.event(60, {1});
  footer(b);
  TraceRun run = readTrace(b.bytes());
  ASSERT_TRUE(run.error);
  EXPECT_EQ(run.errorOffset, at);
}

TEST(V1Reader, EveryTruncationIsACleanError) {
  V1TraceBuilder b(21);
  b.batch(0, 100)
      .event(ProcStart, {0, 1})
      .event(Gomaxprocs, {1, 2, 0})
      .event(GoCreate, {1, 9, 1, 1})
      .event(GoStart, {1, 9, 1})
      .userLog({1, 7, 1, 0}, "hello")
      .event(GoSysCall, {1, 1});
  footer(b);
  const auto& good = b.bytes();
  EXPECT_FALSE(readTrace(good).error);
  for (size_t n = 16; n < good.size(); n++) {
    TraceRun run = readTrace(std::vector<uint8_t>(good.begin(), good.begin() + long(n)));
    EXPECT_TRUE(run.error || !run.lines.empty()) << n;
  }
}

TEST(V1Reader, OldVersionsAreRefused) {
  V1TraceBuilder b(9);
  TraceRun run = readTrace(b.bytes());
  ASSERT_TRUE(run.error);
  EXPECT_EQ(*run.error, "unsupported: Go 1.9 traces (before Go 1.11)");
}

}  // namespace
}  // namespace gotrace::testing
