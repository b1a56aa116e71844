// The v2 reader's ordering and state machines on small hand-written traces.
// Expected lines are worked out from the format spec (times: 1 tick = 1 ns
// with freq=1000000000; the reader makes returned times strictly increasing).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gotrace/render/event_text.h"
#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using Lines = std::vector<std::string>;

std::string parsedText(std::string_view text) {
  auto reader = openTestTrace(text, "t");
  std::string out;
  Event ev;
  while (reader->next(ev)) appendEventParsed(out, ev, reader->tables());
  return out;
}

TEST(Ordering, OneGoroutineFromStatusToExit) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=0 time=100 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
GoCreate dt=1 new_g=5 new_stack=0 stack=0
GoBlock dt=1 reason_string=1 stack=0
GoStart dt=1 g=5 g_seq=1
GoDestroy dt=1
ProcStop dt=1
EventBatch gen=1 m=18446744073709551615 time=99 size=?
Frequency freq=1000000000
EventBatch gen=1 m=18446744073709551615 time=99 size=?
Strings
String id=1
	data="chan receive"
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=99 N=1",
                           "M=0 P=-1 G=-1 StateTransition Time=101 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=0 P=0 G=-1 StateTransition Time=102 GoID=1 Undetermined->Running Reason=\"\"",
                           "M=0 P=0 G=1 StateTransition Time=103 GoID=5 NotExist->Runnable Reason=\"\"",
                           "M=0 P=0 G=1 StateTransition Time=104 GoID=1 Running->Waiting Reason=\"chan receive\"",
                           "M=0 P=0 G=-1 StateTransition Time=105 GoID=5 Runnable->Running Reason=\"\"",
                           "M=0 P=0 G=5 StateTransition Time=106 GoID=5 Running->NotExist Reason=\"\"",
                           "M=0 P=0 G=-1 StateTransition Time=107 ProcID=0 Running->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=108 N=2",
                       }));
}

TEST(Ordering, UnblockWaitsForTheBlockOnAnotherThread) {
  // M2's unblock of G1 is earlier in time than M1's block of G1, but cannot
  // happen before it: the reader must take M1's event first.
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoBlock dt=10 reason_string=0 stack=0
EventBatch gen=1 m=2 time=10 size=?
ProcStatus dt=2 p=1 pstatus=1
GoUnblock dt=3 g=1 g_seq=1 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=12 GoID=1 Undetermined->Running Reason=\"\"",
                           // M2's ProcStatus is at 12 too: pushed to 13.
                           "M=2 P=-1 G=-1 StateTransition Time=13 ProcID=1 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=1 StateTransition Time=22 GoID=1 Running->Waiting Reason=\"\"",
                           // The unblock at 15 comes after the block at 22.
                           "M=2 P=1 G=-1 StateTransition Time=23 GoID=1 Waiting->Runnable Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=24 N=2",
                       }));
}

TEST(Ordering, EqualTimesTieBreakLikeGosHeap) {
  // Three threads whose only events share a timestamp. Go's frontier heap
  // holds [M1, M2, M3]; removing the exhausted M1 moves M3 to the root, so
  // the order is M1, M3, M2 (not first-come order).
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=4 size=?
ProcStatus dt=1 p=0 pstatus=2
EventBatch gen=1 m=2 time=4 size=?
ProcStatus dt=1 p=1 pstatus=2
EventBatch gen=1 m=3 time=4 size=?
ProcStatus dt=1 p=2 pstatus=2
EventBatch gen=1 m=18446744073709551615 time=4 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=4 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=5 ProcID=0 Undetermined->Idle Reason=\"\"",
                           "M=3 P=-1 G=-1 StateTransition Time=6 ProcID=2 Undetermined->Idle Reason=\"\"",
                           "M=2 P=-1 G=-1 StateTransition Time=7 ProcID=1 Undetermined->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=8 N=2",
                       }));
}

TEST(Ordering, BlockedSyscallExitWaitsForTheProcSteal) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=7 m=1 gstatus=2
GoSyscallBegin dt=1 p_seq=1 stack=0
GoSyscallEndBlocked dt=1
EventBatch gen=1 m=2 time=10 size=?
ProcSteal dt=5 p=0 p_seq=2 m=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=12 GoID=7 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=7 StateTransition Time=13 GoID=7 Running->Syscall Reason=\"\"",
                           "M=2 P=-1 G=-1 StateTransition Time=15 ProcID=0 Running->Idle Reason=\"\"",
                           // At 14 in the trace, but only possible once M1 lost its proc.
                           "M=1 P=-1 G=7 StateTransition Time=16 GoID=7 Syscall->Runnable Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=17 N=2",
                       }));
}

TEST(Ordering, ProcStealOfAnAbandonedProcIsIdleToIdle) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=2 time=10 size=?
ProcStatus dt=1 p=3 pstatus=4
ProcSteal dt=1 p=3 p_seq=1 m=9
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=2 P=-1 G=-1 StateTransition Time=11 ProcID=3 Undetermined->Idle Reason=\"\"",
                           "M=2 P=-1 G=-1 StateTransition Time=12 ProcID=3 Idle->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=13 N=2",
                       }));
}

TEST(Ordering, GoSwitchIsUnblockBlockAndStart) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.23
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoStatus dt=1 g=2 m=1 gstatus=4
GoSwitch dt=1 g=2 g_seq=1
GoSwitchDestroy dt=1 g=1 g_seq=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=12 GoID=1 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=1 StateTransition Time=13 GoID=2 Undetermined->Waiting Reason=\"\"",
                           "M=1 P=0 G=1 StateTransition Time=14 GoID=2 Waiting->Runnable Reason=\"\"",
                           "M=1 P=0 G=1 StateTransition Time=15 GoID=1 Running->Waiting Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=16 GoID=2 Runnable->Running Reason=\"\"",
                           // Switch back to G1 (seq 1 after its status), and G2 exits.
                           "M=1 P=0 G=2 StateTransition Time=17 GoID=1 Waiting->Runnable Reason=\"\"",
                           "M=1 P=0 G=2 StateTransition Time=18 GoID=2 Running->NotExist Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=19 GoID=1 Runnable->Running Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=20 N=2",
                       }));
}

TEST(Ordering, DestroyingASyscallGoroutineGivesUpTheProc) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=3
GoCreateSyscall dt=1 new_g=9
GoDestroySyscall dt=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=12 GoID=9 NotExist->Syscall Reason=\"\"",
                           // A steal of the proc is synthesized before the exit.
                           "M=1 P=0 G=9 StateTransition Time=13 ProcID=0 Running->Idle Reason=\"\"",
                           "M=1 P=0 G=9 StateTransition Time=14 GoID=9 Syscall->NotExist Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=15 N=2",
                       }));
}

TEST(Ordering, TaskNameCarriesAcrossGenerations) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
UserTaskBegin dt=1 task=3 parent_task=0 name_string=1 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="job"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
EventBatch gen=2 m=1 time=20 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
UserTaskEnd dt=1 task=3 stack=0
EventBatch gen=2 m=18446744073709551615 time=20 size=?
Strings
String id=1
	data="something else"
EventBatch gen=2 m=18446744073709551615 time=20 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=-1 StateTransition Time=12 GoID=1 Undetermined->Running Reason=\"\"",
                           "M=1 P=0 G=1 TaskBegin Time=13 ID=3 Parent=18446744073709551615 Type=\"job\"",
                           "M=-1 P=-1 G=-1 Sync Time=20 N=2",
                           // Thread bindings carry over; known resources report S->S.
                           "M=1 P=0 G=1 StateTransition Time=21 ProcID=0 Running->Running Reason=\"\"",
                           "M=1 P=0 G=1 StateTransition Time=22 GoID=1 Running->Running Reason=\"\"",
                           "M=1 P=0 G=1 TaskEnd Time=23 ID=3 Parent=18446744073709551615 Type=\"job\"",
                           "M=-1 P=-1 G=-1 Sync Time=24 N=3",
                       }));
}

TEST(Ordering, StacksStringsAndCpuSamples) {
  std::string text = parsedText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoBlock dt=10 reason_string=2 stack=4
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=4 nframes=2
	pc=4096 func=3 file=1 line=10
	pc=8192 func=5 file=1 line=20
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="main.go"
String id=2
	data="sleep"
String id=3
	data="main.leaf"
String id=5
	data="main.main"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
CPUSamples
CPUSample time=15 m=1 p=0 g=1 stack=4
CPUSample time=13 m=1 p=0 g=0 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR"));
  EXPECT_EQ(text,
            "M=-1 P=-1 G=-1 Sync Time=10 N=1\n"
            "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=\"\"\n"
            "M=1 P=0 G=-1 StateTransition Time=12 GoID=1 Undetermined->Running Reason=\"\"\n"
            // Samples are sorted by time and slot in before later events;
            // g=0 means no goroutine, stack 0 an empty stack.
            "M=1 P=0 G=-1 StackSample Time=13\nStack=\n\n"
            "M=1 P=0 G=1 StackSample Time=15\nStack=\n"
            "\tmain.leaf @ 0x1000\n\t\tmain.go:10\n\tmain.main @ 0x2000\n\t\tmain.go:20\n\n"
            "M=1 P=0 G=1 StateTransition Time=22 GoID=1 Running->Waiting Reason=\"sleep\"\nTransitionStack=\n"
            "\tmain.leaf @ 0x1000\n\t\tmain.go:10\n\tmain.main @ 0x2000\n\t\tmain.go:20\n\nStack=\n"
            "\tmain.leaf @ 0x1000\n\t\tmain.go:10\n\tmain.main @ 0x2000\n\t\tmain.go:20\n\n"
            "M=-1 P=-1 G=-1 Sync Time=23 N=2\n");
}

TEST(Ordering, GoCreateWithoutEntryStackShowsAnEmptyTransitionStack) {
  // Go prints an empty TransitionStack block for new_stack=0 (checked with
  // go tool trace -d=parsed).
  std::string text = parsedText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=0 time=100 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=0 gstatus=2
GoCreate dt=1 new_g=5 new_stack=0 stack=0
EventBatch gen=1 m=18446744073709551615 time=99 size=?
Frequency freq=1000000000
)TR"));
  EXPECT_NE(text.find("GoID=5 NotExist->Runnable Reason=\"\"\nTransitionStack=\n\nM=-1 P=-1 G=-1 Sync Time=104 N=2\n"),
            std::string::npos)
      << text;
}

TEST(Ordering, FramesAreLookedUpByPcFirstOneWins) {
  std::string text = parsedText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoStop dt=1 reason_string=0 stack=2
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=1 nframes=1
	pc=16 func=1 file=1 line=1
Stack id=2 nframes=1
	pc=16 func=2 file=2 line=2
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="first"
String id=2
	data="second"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR"));
  EXPECT_NE(text.find("GoID=1 Running->Runnable Reason=\"\"\nTransitionStack=\n\tfirst @ 0x10\n\t\tfirst:1\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("second"), std::string::npos) << text;
}

TEST(Ordering, RangesAndMetrics) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GCActive dt=1 gc_seq=4
STWBegin dt=1 kind_string=1 stack=0
STWEnd dt=1
GCEnd dt=1 gc_seq=5
GCSweepBegin dt=1 stack=0
GCSweepEnd dt=1 swept_value=100 reclaimed_value=50
GCMarkAssistBegin dt=1 stack=0
GCMarkAssistEnd dt=1
HeapAlloc dt=1 heapalloc_value=4096
HeapGoal dt=1 heapgoal_value=8192
ProcsChange dt=1 procs_value=8 stack=0
GoLabel dt=1 label_string=2
UserLog dt=1 task=0 key_string=3 value_string=4 stack=0
UserRegionBegin dt=1 task=0 name_string=2 stack=0
UserRegionEnd dt=1 task=0 name_string=2 stack=0
UserRegionEnd dt=1 task=7 name_string=3 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="GC mark termination"
String id=2
	data="GC (idle)"
String id=3
	data="cat"
String id=4
	data="line\n\"quoted\""
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
      "M=-1 P=-1 G=-1 Sync Time=10 N=1",
      "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Running Reason=\"\"",
      "M=1 P=0 G=-1 StateTransition Time=12 GoID=1 Undetermined->Running Reason=\"\"",
      "M=1 P=0 G=1 RangeActive Time=13 Name=\"GC concurrent mark phase\" Scope=None",
      "M=1 P=0 G=1 RangeBegin Time=14 Name=\"stop-the-world (GC mark termination)\" Scope=Goroutine(1)",
      "M=1 P=0 G=1 RangeEnd Time=15 Name=\"stop-the-world (GC mark termination)\" Scope=Goroutine(1) Attributes=[]",
      "M=1 P=0 G=1 RangeEnd Time=16 Name=\"GC concurrent mark phase\" Scope=None Attributes=[]",
      "M=1 P=0 G=1 RangeBegin Time=17 Name=\"GC incremental sweep\" Scope=Proc(0)",
      "M=1 P=0 G=1 RangeEnd Time=18 Name=\"GC incremental sweep\" Scope=Proc(0) "
      "Attributes=[\"bytes swept\"=Value{Uint64(100)} \"bytes reclaimed\"=Value{Uint64(50)}]",
      "M=1 P=0 G=1 RangeBegin Time=19 Name=\"GC mark assist\" Scope=Goroutine(1)",
      "M=1 P=0 G=1 RangeEnd Time=20 Name=\"GC mark assist\" Scope=Goroutine(1) Attributes=[]",
      "M=1 P=0 G=1 Metric Time=21 Name=\"/memory/classes/heap/objects:bytes\" Value=Value{Uint64(4096)}",
      "M=1 P=0 G=1 Metric Time=22 Name=\"/gc/heap/goal:bytes\" Value=Value{Uint64(8192)}",
      "M=1 P=0 G=1 Metric Time=23 Name=\"/sched/gomaxprocs:threads\" Value=Value{Uint64(8)}",
      "M=1 P=0 G=1 Label Time=24 Label=\"GC (idle)\" Resource=Goroutine(1)",
      "M=1 P=0 G=1 Log Time=25 Task=0 Category=\"cat\" Message=\"line\\n\\\"quoted\\\"\"",
      "M=1 P=0 G=1 RegionBegin Time=26 Task=0 Type=\"GC (idle)\"",
      "M=1 P=0 G=1 RegionEnd Time=27 Task=0 Type=\"GC (idle)\"",
      // A region that began before the trace did ends without a begin.
      "M=1 P=0 G=1 RegionEnd Time=28 Task=7 Type=\"cat\"",
      "M=-1 P=-1 G=-1 Sync Time=29 N=2",
  }));
}

TEST(Ordering, ClockSnapshotAndPerGenerationFrequency) {
  // 500 MHz: 2 ns per tick. Sync time = ns(min batch time) = 200; the
  // snapshot's trace time = ns(100 + 5) = 210.
  TraceRun run = readTestTrace(R"TR(
Trace Go1.26
EventBatch gen=1 m=18446744073709551615 time=100 size=?
Sync
Frequency freq=500000000
ClockSnapshot dt=5 mono=777 sec=1700000000 nsec=5000
EventBatch gen=1 m=1 time=110 size=?
ProcStatus dt=1 p=0 pstatus=2
EventBatch gen=1 m=18446744073709551615 time=120 size=?
Stacks
EventBatch gen=1 m=18446744073709551615 time=121 size=?
Strings
EndOfGeneration
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=200 N=1 Trace=210 Mono=777 Wall=2023-11-14T22:13:20.000005Z",
                           "M=1 P=-1 G=-1 StateTransition Time=222 ProcID=0 Undetermined->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=223 N=2",
                       }));
}

TEST(Ordering, SyncBeforeAlreadyReturnedTimesIsPushedAfterThem) {
  // Generation 2's earliest batch time (5) is before generation 1's events.
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=2
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
EventBatch gen=2 m=1 time=5 size=?
ProcStatus dt=1 p=0 pstatus=2
EventBatch gen=2 m=18446744073709551615 time=5 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  EXPECT_EQ(run.lines, (Lines{
                           "M=-1 P=-1 G=-1 Sync Time=10 N=1",
                           "M=1 P=-1 G=-1 StateTransition Time=11 ProcID=0 Undetermined->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=12 N=2",
                           "M=1 P=-1 G=-1 StateTransition Time=13 ProcID=0 Idle->Idle Reason=\"\"",
                           "M=-1 P=-1 G=-1 Sync Time=14 N=3",
                       }));
}

TEST(Ordering, SequenceNumbersBelongToTheirGeneration) {
  // In generation 2, a GoStart whose counter follows generation 1's must wait
  // for generation 2's GoStatus, which restarts the count.
  TraceRun run = readTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=4 m=1 gstatus=1
GoStart dt=1 g=4 g_seq=1
GoStop dt=1 reason_string=0 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
EventBatch gen=2 m=1 time=20 size=?
GoStart dt=1 g=4 g_seq=1
EventBatch gen=2 m=2 time=20 size=?
GoStatus dt=5 g=4 m=2 gstatus=1
EventBatch gen=2 m=18446744073709551615 time=20 size=?
Frequency freq=1000000000
)TR");
  ASSERT_FALSE(run.error) << *run.error;
  ASSERT_EQ(run.lines.size(), 9u);
  EXPECT_EQ(run.lines[6], "M=2 P=-1 G=-1 StateTransition Time=25 GoID=4 Runnable->Runnable Reason=\"\"");
  EXPECT_EQ(run.lines[7], "M=1 P=0 G=-1 StateTransition Time=26 GoID=4 Runnable->Running Reason=\"\"");
}

}  // namespace
}  // namespace gotrace::testing

namespace gotrace::testing {
namespace {

// A flight-recorder snapshot starts at whatever generation the recorder had
// reached: it reads like a trace from the start.
TEST(Ordering, TraceStartingMidStream) {
  TraceRun run = readTestTrace(R"TR(
Trace Go1.23
EventBatch gen=7 m=1 time=100 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoBlock dt=10 reason_string=1 stack=0
EventBatch gen=7 m=18446744073709551615 time=100 size=?
Strings
String id=1
	data="forever"
EventBatch gen=7 m=18446744073709551615 time=100 size=?
Frequency freq=1000000000
)TR");
  EXPECT_FALSE(run.error) << *run.error;
  ASSERT_EQ(run.lines.size(), 5u);
  EXPECT_EQ(run.lines[0], "M=-1 P=-1 G=-1 Sync Time=100 N=1");
  EXPECT_EQ(run.lines[3], "M=1 P=0 G=1 StateTransition Time=112 GoID=1 Running->Waiting Reason=\"forever\"");
}

}  // namespace
}  // namespace gotrace::testing
