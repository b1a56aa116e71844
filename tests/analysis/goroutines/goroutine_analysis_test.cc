#include "gotrace/analysis/goroutines/goroutine_analysis.h"

#include <map>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

struct Analyzed {
  std::unique_ptr<TraceReader> reader;
  GoroutineAnalysis analysis{[](int64_t) { return true; }};
};

void analyze(Analyzed& a) {
  Event ev;
  while (a.reader->next(ev)) a.analysis.add(ev, a.reader->tables());
  a.analysis.finish();
}

const GoroutineReport* find(const GoroutineAnalysis& a, int64_t id) {
  for (const auto& g : a.reports())
    if (g.id == id) return &g;
  return nullptr;
}

int64_t waitingFor(const GoroutineReport& g, const StringTable& strings, std::string_view reason) {
  for (const auto& [r, ns] : g.times.waiting)
    if (strings.view(r) == reason) return ns;
  return 0;
}

// Times worked out by hand (1 tick = 1 ns). Goroutine 5 is created at 110 and
// waits 40 to run; runs 100; enters a syscall at 250 whose P is stolen at 300
// (50 in the syscall with its P, 150 more without, to 450); waits 60 for a P;
// runs 40 (20 of them assisting the GC) and exits at 550.
// Goroutine 1 runs until it blocks on a channel at 120, is unblocked at 301
// and is still runnable when the trace ends (the reader's closing Sync event,
// just after 550).
TEST(GoroutineAnalysis, TimesByHand) {
  const std::vector<uint8_t> bytes = traceFromText(withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=100 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoCreate dt=8 new_g=5 new_stack=1 stack=1
GoBlock dt=10 reason_string=1 stack=1
GoStart dt=30 g=5 g_seq=1
GoSyscallBegin dt=100 p_seq=1 stack=1
GoSyscallEndBlocked dt=200
EventBatch gen=1 m=2 time=100 size=?
ProcStatus dt=1 p=2 pstatus=1
GoStatus dt=1 g=2 m=2 gstatus=2
ProcSteal dt=198 p=0 p_seq=2 m=1
GoUnblock dt=1 g=1 g_seq=1 stack=0
GoStop dt=199 reason_string=2 stack=1
GoStart dt=10 g=5 g_seq=2
GCMarkAssistBegin dt=10 stack=1
GCMarkAssistEnd dt=20
GoDestroy dt=10
EventBatch gen=1 m=18446744073709551615 time=100 size=?
Stacks
Stack id=1 nframes=1
	pc=4096 func=3 file=4 line=10
EventBatch gen=1 m=18446744073709551615 time=100 size=?
Strings
String id=1
	data="chan receive"
String id=2
	data="preempted"
String id=3
	data="main.worker"
String id=4
	data="main.go"
EventBatch gen=1 m=18446744073709551615 time=100 size=?
Frequency freq=1000000000
)TR"));
  Analyzed a;
  a.reader = TraceReader::open(Input::fromMemory(bytes, "hand.trace"));
  analyze(a);
  const StringTable& strings = a.reader->tables().strings;

  const GoroutineReport* g5 = find(a.analysis, 5);
  ASSERT_NE(g5, nullptr);
  EXPECT_EQ(strings.view(g5->function), "main.worker");
  EXPECT_EQ(g5->appeared, 110);
  EXPECT_EQ(g5->firstRun, 150);
  EXPECT_EQ(g5->ended, 550);
  EXPECT_EQ(g5->times.lifetime, 440);
  EXPECT_EQ(g5->times.runnable, 40 + 60);
  EXPECT_EQ(g5->times.running, 100 + 40);
  EXPECT_EQ(g5->times.syscall, 50);
  EXPECT_EQ(g5->times.syscallBlocked, 150);
  EXPECT_EQ(g5->times.waitingTotal(), 0);
  EXPECT_EQ(g5->times.gcAssist, 20);
  EXPECT_EQ(g5->times.running + g5->times.runnable + g5->times.syscall + g5->times.syscallBlocked,
            g5->times.lifetime);

  const GoroutineReport* g1 = find(a.analysis, 1);
  ASSERT_NE(g1, nullptr);
  EXPECT_EQ(g1->ended, -1);
  EXPECT_EQ(waitingFor(*g1, strings, "chan receive"), 301 - 120);
  const int64_t end = a.analysis.traceEnd();
  EXPECT_GT(end, 550);
  EXPECT_EQ(g1->appeared, 100);  // first seen in the generation starting at 100
  EXPECT_EQ(g1->times.runnable, end - 301);
  EXPECT_EQ(g1->times.running, 120 - 100);
  EXPECT_EQ(g1->times.lifetime, end - 100);

  // All three goroutines were seen at stacks rooted in main.worker: one group
  // summing them.
  const GoroutineReport* g2 = find(a.analysis, 2);
  ASSERT_NE(g2, nullptr);
  const auto groups = a.analysis.groups(strings);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(strings.view(groups[0].function), "main.worker");
  EXPECT_EQ(groups[0].count, 3);
  EXPECT_EQ(groups[0].times.lifetime, g1->times.lifetime + g2->times.lifetime + 440);
  EXPECT_EQ(groups[0].times.syscallBlocked, 150);
}

// On every testdata trace: each goroutine's state times add up to its
// lifetime, which lies within the trace; the groups hold every goroutine.
TEST(GoroutineAnalysis, StatesAddUpToLifetimeOnTestdata) {
  int traces = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testdataDir() + "/traces")) {
    if (entry.path().extension() != ".trace") continue;
    Analyzed a;
    a.reader = TraceReader::open(Input::open(entry.path().string()));
    analyze(a);
    const int64_t span = a.analysis.traceEnd() - a.analysis.traceStart();
    ASSERT_FALSE(a.analysis.reports().empty()) << entry.path();
    int64_t lifetimes = 0;
    for (const GoroutineReport& g : a.analysis.reports()) {
      const GoroutineTimes& t = g.times;
      EXPECT_EQ(t.running + t.runnable + t.syscall + t.syscallBlocked + t.waitingTotal(), t.lifetime)
          << entry.path() << " goroutine " << g.id;
      EXPECT_GE(t.lifetime, 0);
      EXPECT_LE(t.lifetime, span) << entry.path() << " goroutine " << g.id;
      EXPECT_LE(t.gcAssist, t.lifetime);
      lifetimes += t.lifetime;
    }
    int64_t groupCount = 0, groupLifetimes = 0;
    for (const GoroutineGroup& g : a.analysis.groups(a.reader->tables().strings)) {
      groupCount += g.count;
      groupLifetimes += g.times.lifetime;
    }
    EXPECT_EQ(groupCount, int64_t(a.analysis.reports().size()));
    EXPECT_EQ(groupLifetimes, lifetimes);
    traces++;
  }
  EXPECT_GE(traces, 18);
}

// Against Go 1.26's own goroutine summary (testdata/go_goroutines, made by
// Go's internal/trace.Summarizer): every goroutine, its start function,
// lifetime, execution, blocking by reason, GC assist and sweep equal. Where
// Go's summary is wrong the split of syscall time may differ, and only so:
// a goroutine still in a syscall at the end has its time after losing the P
// counted twice by Go (its states add up to more than its lifetime), and one
// first seen in a syscall without a P has its time after that first event
// counted by Go as in a syscall with its P.
TEST(GoroutineAnalysis, EqualsGoSummary) {
  int traces = 0, goroutines = 0, goOvercounts = 0, movedToBlocked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testdataDir() + "/go_goroutines")) {
    if (entry.path().extension() != ".jsonl") continue;
    const std::string name = entry.path().stem().string();
    Analyzed a;
    a.reader = TraceReader::open(Input::open(testdataDir() + "/traces/" + name + ".trace"));
    analyze(a);
    const StringTable& strings = a.reader->tables().strings;
    std::ifstream in(entry.path());
    size_t goCount = 0;
    for (std::string line; std::getline(in, line);) {
      const auto go = nlohmann::json::parse(line);
      goCount++;
      const int64_t id = go.at("goroutine");
      const GoroutineReport* g = find(a.analysis, id);
      if (!g) {
        ADD_FAILURE() << name << ": goroutine " << id << " missing";
        continue;
      }
      const std::string where = name + " goroutine " + std::to_string(id);
      const GoroutineTimes& t = g->times;
      EXPECT_EQ(strings.view(g->function), go.at("function").get<std::string>()) << where;
      EXPECT_EQ(t.lifetime, go.at("lifetime_ns").get<int64_t>()) << where;
      EXPECT_EQ(t.running, go.at("execution_ns").get<int64_t>()) << where;
      EXPECT_EQ(t.gcAssist, go.at("gc_assist_ns").get<int64_t>()) << where;
      EXPECT_EQ(t.gcSweep, go.at("gc_sweep_ns").get<int64_t>()) << where;
      std::map<std::string, int64_t> waiting, goWaiting;
      for (const auto& [reason, ns] : t.waiting)
        if (ns) waiting[std::string(strings.view(reason))] = ns;
      for (const auto& [reason, ns] : go.at("waiting_ns").items()) goWaiting[reason] = ns.get<int64_t>();
      EXPECT_EQ(waiting, goWaiting) << where;

      const int64_t goSched = go.at("sched_wait_ns"), goSys = go.at("syscall_ns"), goBlocked = go.at("syscall_block_ns");
      int64_t goSum = go.at("execution_ns").get<int64_t>() + goSched + goSys + goBlocked;
      for (const auto& [reason, ns] : goWaiting) goSum += ns;
      if (goSum > go.at("lifetime_ns").get<int64_t>()) {
        goOvercounts++;  // Go's double count; ours adds up (checked below)
      } else {
        EXPECT_EQ(t.runnable, goSched) << where;
        EXPECT_EQ(t.syscall + t.syscallBlocked, goSys + goBlocked) << where;
        if (t.syscall != goSys) {
          EXPECT_GT(t.syscallBlocked, goBlocked) << where;
          movedToBlocked++;
        }
      }
      EXPECT_EQ(t.running + t.runnable + t.syscall + t.syscallBlocked + t.waitingTotal(), t.lifetime) << where;
      goroutines++;
    }
    EXPECT_EQ(a.analysis.reports().size(), goCount) << name;
    traces++;
  }
  EXPECT_GE(traces, 8);
  EXPECT_GT(goroutines, 2500);
  // The exceptions are few: as many as the traces' goroutines in a syscall
  // at the end or first seen in one without a P.
  EXPECT_LE(goOvercounts + movedToBlocked, 12);
}

TEST(GoroutineAnalysis, GoDurationText) {
  EXPECT_EQ(goDuration(0), "0s");
  EXPECT_EQ(goDuration(850), "850ns");
  EXPECT_EQ(goDuration(1500), "1.5µs");
  EXPECT_EQ(goDuration(12250000), "12.25ms");
  EXPECT_EQ(goDuration(3000001000), "3.000001s");
  EXPECT_EQ(goDuration(125000000000), "2m5s");
  EXPECT_EQ(goDuration(3723500000000), "1h2m3.5s");
}

}  // namespace
}  // namespace gotrace::testing
