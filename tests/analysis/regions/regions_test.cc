// Region finding, causal links, span trees and summaries on hand-written
// traces whose answers are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/base/error.h"
#include "gotrace/analysis/regions/region_causes.h"
#include "gotrace/render/region_text.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/commands/span_json.h"
#include "gotrace/analysis/regions/span_tree.h"
#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

// Goroutine 5 blocks four times and exits; goroutine 6 wakes it each time.
// Goroutine 5's timeline, with the stack of each block:
//   100 Block main.a   200 Start   300 Block main.a   400 Start
//   500 Block main.b   600 Start   700 Block main.a   800 Start   900 End
constexpr std::string_view kFourBlocks = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=5 m=1 gstatus=2
GoStatus dt=1 g=6 m=18446744073709551615 gstatus=1
GoBlock dt=87 reason_string=4 stack=1
GoStart dt=10 g=6 g_seq=1
GoUnblock dt=10 g=5 g_seq=1 stack=3
GoStop dt=10 reason_string=5 stack=3
GoStart dt=70 g=5 g_seq=2
GoBlock dt=100 reason_string=4 stack=1
GoStart dt=10 g=6 g_seq=2
GoUnblock dt=10 g=5 g_seq=3 stack=3
GoStop dt=10 reason_string=5 stack=3
GoStart dt=70 g=5 g_seq=4
GoBlock dt=100 reason_string=4 stack=2
GoStart dt=10 g=6 g_seq=3
GoUnblock dt=10 g=5 g_seq=5 stack=3
GoStop dt=10 reason_string=5 stack=3
GoStart dt=70 g=5 g_seq=6
GoBlock dt=100 reason_string=4 stack=1
GoStart dt=10 g=6 g_seq=4
GoUnblock dt=10 g=5 g_seq=7 stack=3
GoStop dt=10 reason_string=5 stack=3
GoStart dt=70 g=5 g_seq=8
GoDestroy dt=100
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=1 nframes=1
	pc=1 func=1 file=6 line=1
Stack id=2 nframes=1
	pc=2 func=2 file=6 line=2
Stack id=3 nframes=1
	pc=3 func=3 file=6 line=3
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="main.a"
String id=2
	data="main.b"
String id=3
	data="main.c"
String id=4
	data="select"
String id=5
	data="runtime.Gosched"
String id=6
	data="main.go"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR";

// "KIND@FIRST-LAST" (absolute times) of every region found with `patterns`.
std::vector<std::string> regionsOf(std::string_view trace, std::string_view patterns) {
  auto reader = openTestTrace(trace, "t");
  const GoroutineTimelines t = GoroutineTimelines::read(*reader);
  const RegionPatterns p = RegionPatterns::parse(patterns, "test");
  const RegionSet set = RegionSet::find(t, p);
  std::vector<std::string> out;
  for (const Region& r : set.regions()) {
    out.push_back(fmt::format("{}@{}-{}", set.kind(r), t.event(r.first).time, t.event(r.last).time));
  }
  return out;
}

constexpr std::string_view kStacks = "  stack A \"^main.a$\"\n  stack B \"^main.b$\"\n";

std::string pattern(std::string_view rules) { return fmt::format("region X\n{}{}", kStacks, rules); }

TEST(Regions, ActivateAndKeepalive) {
  // Activated at 100, kept alive by A and stackless events, ended by the B
  // block at 500; the region from 700 is still open when goroutine 5's
  // events end, and counts only with flush-at-end.
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A\n  keepalive nostack or A\n")),
            (std::vector<std::string>{"X@100-400"}));
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A\n  keepalive nostack or A\n  flush-at-end\n")),
            (std::vector<std::string>{"X@100-400", "X@700-900"}));
}

TEST(Regions, CriticalCutsBackAndSingle) {
  // Cut back to the last A: 100-300. The region from 700 keeps one event
  // (700) after the cut: a region only with `single`.
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A\n  keepalive nostack or A\n  critical A\n  flush-at-end\n")),
            (std::vector<std::string>{"X@100-300"}));
  EXPECT_EQ(regionsOf(kFourBlocks,
                      pattern("  activate A\n  keepalive nostack or A\n  critical A\n  flush-at-end\n  single\n")),
            (std::vector<std::string>{"X@100-300", "X@700-700"}));
}

TEST(Regions, TheEndingEventStartsNothing) {
  // Every stackless Start ends the region its block started, and is not
  // looked at again: four one-event regions.
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A or B\n  keepalive A\n  single\n")),
            (std::vector<std::string>{"X@100-100", "X@300-300", "X@500-500", "X@700-700"}));
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A or B\n  keepalive A\n")), (std::vector<std::string>{}));
}

TEST(Regions, Require) {
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A or B\n  keepalive always\n  require B\n  flush-at-end\n")),
            (std::vector<std::string>{"X@100-900"}));
  // Neither region (100-400, 700-900) shows B.
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A\n  keepalive nostack or A\n  require B\n  flush-at-end\n")),
            (std::vector<std::string>{}));
}

TEST(Regions, KindTests) {
  // Goroutine 6 yields (Gosched) three times after its unblocks; goroutine 5 ends.
  // The last yield and the end are the goroutines' last events: their
  // regions are still open then, and count only with flush-at-end.
  EXPECT_EQ(regionsOf(kFourBlocks, "region Y\n  activate yield\n  keepalive never\n  single\n"),
            (std::vector<std::string>{"Y@130-130", "Y@330-330", "Y@530-530"}));
  EXPECT_EQ(regionsOf(kFourBlocks, "region Y\n  activate yield\n  keepalive never\n  single\n  flush-at-end\n"),
            (std::vector<std::string>{"Y@130-130", "Y@330-330", "Y@530-530", "Y@730-730"}));
  EXPECT_EQ(regionsOf(kFourBlocks, "region E\n  activate end\n  keepalive never\n  single\n  flush-at-end\n"),
            (std::vector<std::string>{"E@900-900"}));
  EXPECT_EQ(regionsOf(kFourBlocks, "region U\n  activate unblock and stack\n  keepalive never\n  single\n").size(), 4u);
}

// 100,000 `or` in a row (a 500 KB line) parse into a left-deep tree that the
// evaluator walks with its own stack; `(` and `not` nest 200 deep at most.
TEST(Regions, LongChainsAndNestingLimits) {
  std::string chain = "never";
  for (int i = 0; i < 100000; i++) chain += " or never";
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate " + chain + " or A\n  keepalive nostack or A\n")),
            (std::vector<std::string>{"X@100-400"}));
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate A and " + chain + "\n  keepalive always\n")),
            (std::vector<std::string>{}));
  std::string nested(200, '(');
  nested += "A" + std::string(200, ')');
  EXPECT_EQ(regionsOf(kFourBlocks, pattern("  activate " + nested + "\n  keepalive nostack or A\n")),
            (std::vector<std::string>{"X@100-400"}));
  std::string tooDeep(40000, '(');
  tooDeep += "A" + std::string(40000, ')');
  try {
    RegionPatterns::parse(pattern("  activate " + tooDeep + "\n"), "deep.patterns");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "deep.patterns:4: `(` and `not` nested deeper than 200 levels in `( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( "
              "( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ...`");
  }
  std::string nots;
  for (int i = 0; i < 100000; i++) nots += "not ";
  EXPECT_THROW(RegionPatterns::parse(pattern("  activate " + nots + "A\n"), "deep.patterns"), Error);
}

TEST(Regions, Derived) {
  // X: an A block with its Start: 100-200 (the A block at 300 ends it and,
  // having ended a region, starts none; 700- never closes without
  // flush-at-end); Y: the B block with its Start (500-600). Z runs from the
  // latest X end before Y to Y's start.
  const std::string text = fmt::format(
      "region X\n{}  activate A\n  keepalive nostack\n  single\n"
      "region Y\n{}  activate B\n  keepalive nostack\n  single\n"
      "region Z after X before Y\n",
      kStacks, kStacks);
  EXPECT_EQ(regionsOf(kFourBlocks, text),
            (std::vector<std::string>{"X@100-200", "Y@500-600", "Z@200-500"}));
  // No Y ends before an X begins: nothing.
  const std::string reversed = fmt::format(
      "region X\n{}  activate A\n  keepalive nostack\n  single\n"
      "region Y\n{}  activate B\n  keepalive nostack\n  single\n"
      "region Z after Y before X\n",
      kStacks, kStacks);
  EXPECT_EQ(regionsOf(kFourBlocks, reversed), (std::vector<std::string>{"X@100-200", "Y@500-600"}));
}

// A worked example of causes, spans and a summary. One proc; every goroutine
// is one region ("goroutine"):
//    4000 g10 starts      4100 g10 creates g40      4300 g10 blocks
//    4500 g40 starts     20000 g40 blocks (select)
//   30000 g20 starts     40000 g20 unblocks g40     41000 g20 blocks
//   57000 g40 starts     61000 g40 blocks (chan send)
//   70000 g30 starts     72000 g30 unblocks g40     73000 g30 blocks
//   79000 g40 starts     79900 g40 unblocks g10     80000 g40 blocks (chan receive)
//   81300 g10 starts     81500 g10 blocks
constexpr std::string_view kTree = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=1000 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=10 m=18446744073709551615 gstatus=1
GoStatus dt=1 g=20 m=18446744073709551615 gstatus=1
GoStatus dt=1 g=30 m=18446744073709551615 gstatus=1
GoStart dt=2996 g=10 g_seq=1
GoCreate dt=100 new_g=40 new_stack=1 stack=2
GoBlock dt=200 reason_string=8 stack=3
GoStart dt=200 g=40 g_seq=1
GoBlock dt=15500 reason_string=9 stack=4
GoStart dt=10000 g=20 g_seq=1
GoUnblock dt=10000 g=40 g_seq=2 stack=5
GoBlock dt=1000 reason_string=8 stack=5
GoStart dt=16000 g=40 g_seq=3
GoBlock dt=4000 reason_string=10 stack=6
GoStart dt=9000 g=30 g_seq=1
GoUnblock dt=2000 g=40 g_seq=4 stack=5
GoBlock dt=1000 reason_string=8 stack=5
GoStart dt=6000 g=40 g_seq=5
GoUnblock dt=900 g=10 g_seq=2 stack=7
GoBlock dt=100 reason_string=11 stack=8
GoStart dt=1300 g=10 g_seq=3
GoBlock dt=200 reason_string=8 stack=3
EventBatch gen=1 m=18446744073709551615 time=1000 size=?
Stacks
Stack id=1 nframes=1
	pc=1 func=3 file=2 line=1
Stack id=2 nframes=2
	pc=2 func=14 file=2 line=2
	pc=3 func=1 file=2 line=3
Stack id=3 nframes=1
	pc=4 func=1 file=2 line=4
Stack id=4 nframes=2
	pc=5 func=4 file=2 line=5
	pc=6 func=3 file=2 line=6
Stack id=5 nframes=2
	pc=7 func=12 file=2 line=7
	pc=8 func=5 file=2 line=8
Stack id=6 nframes=2
	pc=9 func=6 file=2 line=9
	pc=10 func=3 file=2 line=10
Stack id=7 nframes=2
	pc=11 func=13 file=2 line=11
	pc=12 func=3 file=2 line=12
Stack id=8 nframes=2
	pc=13 func=7 file=2 line=13
	pc=14 func=3 file=2 line=14
EventBatch gen=1 m=18446744073709551615 time=1000 size=?
Strings
String id=1
	data="main.main"
String id=2
	data="main.go"
String id=3
	data="main.worker"
String id=4
	data="runtime.selectgo"
String id=5
	data="main.waker"
String id=6
	data="runtime.chansend1"
String id=7
	data="runtime.chanrecv1"
String id=8
	data="forever"
String id=9
	data="select"
String id=10
	data="chan send"
String id=11
	data="chan receive"
String id=12
	data="main.wake"
String id=13
	data="main.done"
String id=14
	data="main.spawn"
EventBatch gen=1 m=18446744073709551615 time=1000 size=?
Frequency freq=1000000000
)TR";

constexpr std::string_view kWholeGoroutines = "region goroutine\n  activate always\n  keepalive always\n  flush-at-end\n  single\n";

struct Analysis {
  std::vector<uint8_t> bytes;
  std::unique_ptr<TraceReader> reader;
  GoroutineTimelines timelines;
  RegionPatterns patterns;
  RegionSet regions;
  RegionCauses causes;
};

std::unique_ptr<Analysis> analyze(std::string_view trace, std::string_view patterns) {
  auto a = std::make_unique<Analysis>();
  a->bytes = traceFromText(withBatchSizes(trace));
  a->reader = TraceReader::open(Input::fromMemory(a->bytes, "t"));
  a->timelines = GoroutineTimelines::read(*a->reader);
  a->patterns = RegionPatterns::parse(patterns, "test");
  a->regions = RegionSet::find(a->timelines, a->patterns);
  a->causes = RegionCauses::link(a->regions);
  return a;
}

TEST(SpanTrees, WorkedExample) {
  auto a = analyze(kTree, kWholeGoroutines);
  const int64_t t0 = a->timelines.traceStart();
  SpanForest forest(a->causes);
  // g10, g20 and g30 are top-level; g40 works for g10, which created it.
  ASSERT_EQ(forest.rootCount(), 3u);
  const Span root = forest.tree(0);
  EXPECT_EQ(root.goroutine, 10);
  EXPECT_EQ(forest.tree(1).goroutine, 20);
  EXPECT_EQ(forest.tree(1).caused.size(), 0u);
  EXPECT_EQ(forest.tree(2).goroutine, 30);

  // g10: runs 4000-4300, blocked until g40 wakes it at 79900, runnable until
  // 81300, runs until it blocks again at 81500 (the region's last event).
  EXPECT_EQ(root.kind, "goroutine");
  EXPECT_EQ(root.startNs, 4000 - t0);
  EXPECT_EQ(root.lengthNs, 77500);
  EXPECT_EQ(root.startRun, (std::vector<int64_t>{0, 77300}));
  EXPECT_EQ(root.startWait, (std::map<std::string, std::vector<int64_t>>{{"block", {300, 77500}}, {"cpu", {75900}}}));

  // g40 twice, from its first start at 4500: woken by g10 (a wake mark,
  // named after g40's root function) and its own region, siblings since both
  // began at one event. Created at 4100: runnable 400 ns before the span.
  ASSERT_EQ(root.caused.size(), 2u);
  EXPECT_EQ(root.caused[0].kind, "main.worker");
  EXPECT_EQ(root.caused[1].kind, "goroutine");
  for (const Span& s : root.caused) {
    EXPECT_EQ(s.goroutine, 40);
    EXPECT_EQ(s.startNs, 4500 - t0);
    EXPECT_EQ(s.lengthNs, 75500);
    EXPECT_EQ(s.startRun, (std::vector<int64_t>{0, 52500, 74500}));
    EXPECT_EQ(s.startWait, (std::map<std::string, std::vector<int64_t>>{
                               {"cpu", {-400, 35500, 67500}}, {"recv", {75500}}, {"select", {15500}}, {"send", {56500}}}));
    EXPECT_TRUE(s.caused.empty());
  }

  // Running: g10 300 + 200, g40 15500 + 4000 + 1000 = 21000. The rest of
  // 4000-81500: 4300-4500 g40 runnable (cpu 200), 20000-40000 select,
  // 40000-57000 cpu, 61000-72000 send, 72000-79000 cpu, 80000-81300 g10
  // runnable (cpu 1300); g10's own block is never the first reason.
  const TreeSummary s = summarize(root);
  EXPECT_EQ(s.lengthNs, 77500);
  EXPECT_EQ(s.totalRunNs, 21000);
  EXPECT_EQ(s.flatRunNs, 21000);
  EXPECT_TRUE(s.totalAssistNs.empty());
  EXPECT_TRUE(s.flatAssistNs.empty());
  EXPECT_EQ(s.flatWaitNs, (std::map<std::string, int64_t>{{"cpu", 25500}, {"select", 20000}, {"send", 11000}}));
  EXPECT_EQ(s.flat.startRun, (std::vector<int64_t>{0, 500, 53000, 75000, 77300}));
  EXPECT_EQ(s.flat.startWait, (std::map<std::string, std::vector<int64_t>>{
                                  {"cpu", {300, 36000, 68000, 76000}}, {"select", {16000}}, {"send", {57000}}}));

  std::string json;
  // StartTs and EndTs: the trace's own times (the span 4000 to 81500).
  commands::appendTreeSummaryJson(json, s, root, t0);
  const std::string flat = fmt::format(
      "{{\"LengthNs\":77500,\"TotalRunNs\":21000,\"TotalAssistNs\":{{}},\"FlatRunNs\":21000,\"FlatAssistNs\":{{}},"
      "\"FlatWaitNs\":{{\"cpu\":25500,\"select\":20000,\"send\":11000}},\"Flat\":{{\"G\":10,\"Kind\":\"goroutine\","
      "\"StartNs\":{},\"LengthNs\":77500,\"StartTs\":4000,\"EndTs\":81500,\"StartRun\":[0,500,53000,75000,77300],\"StartAssist\":{{}},\"StartWait\":"
      "{{\"cpu\":[300,36000,68000,76000],\"select\":[16000],\"send\":[57000]}},\"Caused\":null}},\"Root\":{{\"G\":10,",
      4000 - t0);
  EXPECT_EQ(json.substr(0, flat.size()), flat);
  json.clear();
  commands::appendSpanJson(json, root.caused[0], t0);
  EXPECT_EQ(json, fmt::format("{{\"G\":40,\"Kind\":\"main.worker\",\"StartNs\":{},\"LengthNs\":75500,"
                              "\"StartTs\":4500,\"EndTs\":80000,"
                              "\"StartRun\":[0,52500,74500],\"StartAssist\":{{}},\"StartWait\":{{\"cpu\":[-400,35500,"
                              "67500],\"recv\":[75500],\"select\":[15500],\"send\":[56500]}},\"Caused\":null}}",
                              4500 - t0));
}

TEST(SpanTrees, ChainsAndPairsText) {
  auto a = analyze(kTree, kWholeGoroutines);
  const int64_t t0 = a->timelines.traceStart();
  SpanForest forest(a->causes);
  std::vector<std::string> chains;
  for (uint32_t c : forest.chains()) chains.push_back(chainText(a->causes, c));
  const std::string g10 = fmt::format("goroutine(g=10@{}-{})", 4000 - t0, 81500 - t0);
  const std::string wake = fmt::format("main.worker(g=40@{})", 4500 - t0);
  const std::string g40 = fmt::format("goroutine(g=40@{}-{})", 4500 - t0, 80000 - t0);
  EXPECT_EQ(chains, (std::vector<std::string>{
                        g10, g10 + " " + wake + " " + g40,
                        fmt::format("goroutine(g=20@{}-{})", 30000 - t0, 41000 - t0),
                        fmt::format("goroutine(g=30@{}-{})", 70000 - t0, 73000 - t0),
                        g10 + " " + wake,
                    }));
}

TEST(SpanTrees, SharedWorkDoesNotExplainTheWaiter) {
  // g40 is created by g10 while g10 has a region. A shared region (like a
  // DNS lookup) on g20 wakes g40 later: g40 keeps its own explanation.
  auto a = analyze(kTree,
                   "region g10\n  stack M \"^main.main$\"\n  stack M \"^main.main$\" \"**\"\n  activate M\n"
                   "  keepalive always\n  flush-at-end\n"
                   "region lookup\n  stack W \"^main.waker$\" \"**\"\n  activate W\n  keepalive always\n"
                   "  flush-at-end\n  shared\n  single\n");
  const GoroutineTimelines& t = a->timelines;
  // The event where g20 unblocks g40 (40000), and g40's next start (57000).
  uint32_t start57 = kNoEvent;
  for (uint32_t i = 0; i < t.eventCount(); i++) {
    if (t.event(i).time == 57000) start57 = i;
  }
  ASSERT_NE(start57, kNoEvent);
  const std::string text = chainText(a->causes, a->causes.at(start57));
  EXPECT_EQ(text.find("lookup"), std::string::npos) << text;
  EXPECT_NE(text.find("g10(g=10@"), std::string::npos) << text;
}

}  // namespace
}  // namespace gotrace::testing
