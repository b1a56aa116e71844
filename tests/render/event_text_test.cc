#include "gotrace/render/event_text.h"

#include <gtest/gtest.h>

namespace gotrace {
namespace {

TEST(Rfc3339Nano, MatchesGoTimeFormat) {
  EXPECT_EQ(formatRfc3339Nano(0, 0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(formatRfc3339Nano(1700000000, 5000), "2023-11-14T22:13:20.000005Z");
  EXPECT_EQ(formatRfc3339Nano(1795394303, 856084894), "2026-11-23T00:38:23.856084894Z");
  EXPECT_EQ(formatRfc3339Nano(951782400, 100000000), "2000-02-29T00:00:00.1Z");  // leap day
  // time.Unix normalizes nanoseconds outside [0, 1e9).
  EXPECT_EQ(formatRfc3339Nano(10, 2500000000), "1970-01-01T00:00:12.5Z");
  EXPECT_EQ(formatRfc3339Nano(-1, 0), "1969-12-31T23:59:59Z");
}

TEST(EventText, KindSpecificFields) {
  TraceTables t;
  Event ev;
  ev.kind = EventKind::TaskBegin;
  ev.time = 5;
  ev.thread = 7;
  ev.proc = 1;
  ev.goroutine = 9;
  ev.task = TaskInfo{3, kNoTask, t.strings.intern("job \"x\"")};
  std::string out;
  appendEventLine(out, ev, t);
  EXPECT_EQ(out, "M=7 P=1 G=9 TaskBegin Time=5 ID=3 Parent=18446744073709551615 Type=\"job \\\"x\\\"\"");

  Event x;
  x.kind = EventKind::Experimental;
  x.time = 6;
  static constexpr ExperimentalSpec kSpec{"SpanAlloc", "AllocFree", 3, {"id", "npages_value", "kindclass"}};
  x.experimental = ExperimentalInfo{&kSpec, {1, 2, 3}};
  out.clear();
  appendEventLine(out, x, t);
  EXPECT_EQ(out,
            "M=-1 P=-1 G=-1 Experimental Time=6 Name=SpanAlloc Args=[id=Value{Uint64(1)}, "
            "npages_value=Value{Uint64(2)}, kindclass=Value{Uint64(3)}]");
}

TEST(EventText, ParsedFormHasStackBlocks) {
  TraceTables t;
  FrameId f = t.stacks.internFrame(Frame{0x4a08f7, t.strings.intern("syscall.read"), t.strings.intern("zsyscall.go"), 736});
  std::vector<FrameId> frames{f};
  StackId s = t.stacks.intern(frames);
  Event ev;
  ev.kind = EventKind::StateTransition;
  ev.time = 1;
  ev.stack = s;
  ev.transition = StateTransition{{ResourceKind::Goroutine, 37}, GoState::Running, GoState::Syscall, 0, s};
  std::string out;
  appendEventParsed(out, ev, t);
  EXPECT_EQ(out,
            "M=-1 P=-1 G=-1 StateTransition Time=1 GoID=37 Running->Syscall Reason=\"\"\n"
            "TransitionStack=\n\tsyscall.read @ 0x4a08f7\n\t\tzsyscall.go:736\n\n"
            "Stack=\n\tsyscall.read @ 0x4a08f7\n\t\tzsyscall.go:736\n\n");
}

}  // namespace
}  // namespace gotrace
