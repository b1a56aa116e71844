// Mutator utilization and MMU: a hand-written trace worked out by hand, and
// every testdata trace (and the shared corpus's gcstress traces when
// present) against Go 1.26's own MMU (testdata/go_mmu, made by gommu.go with
// internal/trace's MutatorUtilizationV2, NewMMUCurve and MMU) to 1e-9.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "gotrace/analysis/mmu_curve.h"
#include "gotrace/analysis/mutator_utilization.h"
#include "gotrace/trace/event_consumer.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

// GOMAXPROCS 2 from 20 ns. P0 runs g1: a mark assist 100..200, a GC
// stop-the-world 400..500, a last event at 1000. P1 runs g2, labelled a
// dedicated mark worker at 600, which stops at 700.
constexpr std::string_view kTrace = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
ProcsChange dt=8 procs_value=2 stack=0
GCMarkAssistBegin dt=80 stack=0
GCMarkAssistEnd dt=100
STWBegin dt=200 kind_string=1 stack=0
STWEnd dt=100
HeapAlloc dt=500 heapalloc_value=4096
EventBatch gen=1 m=2 time=10 size=?
ProcStatus dt=1 p=1 pstatus=1
GoStatus dt=1 g=2 m=2 gstatus=2
GoLabel dt=588 label_string=2
GoStop dt=100 reason_string=3 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="GC mark termination"
String id=2
	data="GC (dedicated)"
String id=3
	data="preempted"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR";

std::vector<UtilizationFunction> functionsOf(std::string_view text, MutatorUtilizationOptions options) {
  auto reader = openTestTrace(text);
  MutatorUtilization u(options);
  EXPECT_FALSE(readInto(*reader, u));
  return u.takeFunctions();
}

TEST(MutatorUtilization, AggregateByHand) {
  const auto f = functionsOf(kTrace, {});
  ASSERT_EQ(f.size(), 1u);
  // One proc of two taken by the assist and by the worker; both by the pause.
  ASSERT_GE(f[0].size(), 8u);
  EXPECT_EQ(std::vector<UtilizationStep>(f[0].begin(), f[0].begin() + 7),
            (std::vector<UtilizationStep>{{20, 1}, {100, 0.5}, {200, 1}, {400, 0}, {500, 1}, {600, 0.5}, {700, 1}}));
  EXPECT_EQ(f[0].back().utilization, 0);
  EXPECT_GE(f[0].back().time, 1000);

  const MmuCurve curve(f);
  EXPECT_EQ(curve.at(100), 0);     // inside the pause
  EXPECT_EQ(curve.at(200), 0.5);   // the pause and 100 ns of full use
  // 400 ns: [100,500] has 100 ns at 1/2, 200 at 1, 100 at 0.
  EXPECT_DOUBLE_EQ(curve.at(400), (100 * 0.5 + 200) / 400);
  EXPECT_EQ(curve.at(0), 0);
  // As Go measures it, a 1 ns window starting where the function ends.
  EXPECT_EQ(curve.at(1), 0);
}

// The worker starts again at 800 (labelled again) and stops at 900: its
// start and its label both count, its stop once, so P1 stays taken.
TEST(MutatorUtilization, AWorkerStartingAgainKeepsItsProcByHand) {
  std::string text(kTrace);
  const std::string stop = "GoStop dt=100 reason_string=3 stack=0\n";
  text.insert(text.find(stop) + stop.size(),
              "GoStart dt=100 g=2 g_seq=1\nGoLabel dt=0 label_string=2\nGoStop dt=100 reason_string=3 stack=0\n");
  const auto f = functionsOf(text, {});
  ASSERT_EQ(f.size(), 1u);
  // Taken from 800 on, through the worker's stop at 900, to the end.
  EXPECT_EQ(std::vector<UtilizationStep>(f[0].begin(), f[0].end() - 1),
            (std::vector<UtilizationStep>{{20, 1}, {100, 0.5}, {200, 1}, {400, 0}, {500, 1}, {600, 0.5}, {700, 1}, {800, 0.5}}));
  EXPECT_EQ(f[0].back().utilization, 0);
  EXPECT_GE(f[0].back().time, 1000);
}

TEST(MutatorUtilization, PerProcByHand) {
  MutatorUtilizationOptions o;
  o.perProc = true;
  const auto f = functionsOf(kTrace, o);
  ASSERT_EQ(f.size(), 2u);
  // P0: the assist and the pause; P1: the pause only (a dedicated worker
  // does not count per proc).
  EXPECT_EQ(std::vector<UtilizationStep>(f[0].begin(), f[0].end() - 1),
            (std::vector<UtilizationStep>{{20, 1}, {100, 0}, {200, 1}, {400, 0}, {500, 1}}));
  EXPECT_EQ(std::vector<UtilizationStep>(f[1].begin(), f[1].end() - 1),
            (std::vector<UtilizationStep>{{20, 1}, {400, 0}, {500, 1}}));
  const MmuCurve curve(f);
  EXPECT_EQ(curve.at(200), 0.5);
  EXPECT_EQ(curve.at(400), 0.5);  // P0's [100,500]
}

TEST(MutatorUtilization, CountsOnlyWhatIsAsked) {
  MutatorUtilizationOptions stw{true, false, false, false, false};
  EXPECT_EQ(MmuCurve(functionsOf(kTrace, stw)).at(400), 0.75);
  MutatorUtilizationOptions background{false, true, false, false, false};
  const MmuCurve bg(functionsOf(kTrace, background));
  EXPECT_EQ(bg.at(100), 0.5);
  EXPECT_EQ(bg.at(200), 0.75);
  MutatorUtilizationOptions nothing{false, false, false, false, false};
  EXPECT_EQ(MmuCurve(functionsOf(kTrace, nothing)).at(300), 1);
}

TEST(MmuCurve, LogSpacedWindows) {
  const std::vector<int64_t> w = logSpacedWindows(25'000);
  // 1µs .. 19.953µs ten per decade, then the length.
  EXPECT_EQ(w, (std::vector<int64_t>{1000, 1259, 1585, 1995, 2512, 3162, 3981, 5012, 6310, 7943, 10000, 12589, 15849,
                                     19953, 25000}));
  EXPECT_TRUE(logSpacedWindows(0).empty());
}


// Go's definition counts a mark worker's start and its label (traces label
// a worker each time it starts) but only its stop: a proc where a worker
// started again stays taken, and once all are the function ends (it ends at
// its last change). Without background workers, every function runs to the
// trace's last event (a plain read's); with them, httpserver_go1.26's ends
// within its first 100 ms.
TEST(MutatorUtilization, WorkersEndTheFunctionEarlyAsInGo) {
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(testdataDir()) / "traces")) {
    const std::string name = entry.path().stem().string();
    if (name == "scopesplit_go1.21") continue;  // no GOMAXPROCS
    auto plain = TraceReader::open(Input::open(entry.path().string()));
    Event ev;
    int64_t last = 0;
    while (plain->next(ev)) last = ev.time;
    auto reader = TraceReader::open(Input::open(entry.path().string()));
    MutatorUtilization u({true, false, true, true, false});
    EXPECT_FALSE(readInto(*reader, u));
    ASSERT_EQ(u.functions().size(), 1u) << name;
    EXPECT_EQ(u.functions()[0].back().time, last) << name;
    EXPECT_EQ(u.lastEventTime(), last) << name;
  }
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/httpserver_go1.26.trace"));
  MutatorUtilization u({});
  EXPECT_FALSE(readInto(*reader, u));
  const UtilizationFunction& f = u.functions().at(0);
  EXPECT_LT(f.back().time - f.front().time, 100'000'000);
  EXPECT_GT(*u.lastEventTime() - f.front().time, 1'000'000'000);
}

MutatorUtilizationOptions optionsOf(const std::string& flags) {
  MutatorUtilizationOptions o{false, false, false, false, false};
  std::string_view s = flags;
  while (!s.empty()) {
    const size_t comma = s.find(',');
    const std::string_view f = s.substr(0, comma);
    if (f == "stw") o.stw = true;
    else if (f == "background") o.background = true;
    else if (f == "assist") o.assist = true;
    else if (f == "sweep") o.sweep = true;
    else if (f == "per-proc") o.perProc = true;
    else ADD_FAILURE() << "flag " << f;
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return o;
}

// Every trace of `traces` that has Go's MMU in testdata/go_mmu: each flag
// set's curve at each window Go computed. Returns the traces compared.
int compareWithGo(const std::filesystem::path& traces, std::string_view prefix) {
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(traces)) {
    if (entry.path().extension() != ".trace" || !entry.path().filename().string().starts_with(prefix)) continue;
    const std::string name = entry.path().stem().string();
    const auto goFile = std::filesystem::path(testdataDir()) / "go_mmu" / (name + ".jsonl");
    if (!std::filesystem::exists(goFile)) {
      ADD_FAILURE() << goFile << ": make it with testdata/go_mmu/gommu.go";
      continue;
    }
    std::map<std::string, std::vector<std::pair<int64_t, double>>> go;  // flags -> (window, mmu)
    std::ifstream in(goFile);
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      go[j["flags"].get<std::string>()].emplace_back(j["window_ns"].get<int64_t>(), j["mmu"].get<double>());
    }
    // Go measures nothing without GOMAXPROCS (scopesplit_go1.21): neither do we.
    const std::vector<std::string> allFlags = {"stw,background,assist,sweep", "stw,background,assist,sweep,per-proc"};
    if (go.empty()) {
      for (const std::string& flags : allFlags) {
        auto reader = TraceReader::open(Input::open(entry.path().string()));
        MutatorUtilization u(optionsOf(flags));
        EXPECT_FALSE(readInto(*reader, u));
        EXPECT_TRUE(MmuCurve(u.functions()).empty()) << name;
      }
      ++compared;
      continue;
    }
    // One read for every flag set.
    struct All {
      std::vector<MutatorUtilization> each;
      void add(const Event& ev, const TraceTables& t) {
        for (auto& u : each) u.add(ev, t);
      }
      void finish() {
        for (auto& u : each) u.finish();
      }
    } all;
    std::vector<std::string> order;
    for (const auto& [flags, points] : go) {
      order.push_back(flags);
      all.each.emplace_back(optionsOf(flags));
    }
    auto reader = TraceReader::open(Input::open(entry.path().string()));
    EXPECT_FALSE(readInto(*reader, all));
    double worst = 0;
    size_t windows = 0;
    for (size_t k = 0; k < order.size(); k++) {
      const MmuCurve curve(all.each[k].functions());
      int off = 0;
      for (const auto& [window, want] : go[order[k]]) {
        const double got = curve.at(window);
        worst = std::max(worst, std::abs(got - want));
        windows++;
        if (std::abs(got - want) > 1e-9 && off++ < 5) {
          ADD_FAILURE() << name << " -count=" << order[k] << " window " << window << "ns: ours " << got << ", Go's " << want;
        }
      }
      EXPECT_EQ(off, 0) << name << " " << order[k] << ": windows that differ";
    }
    std::cout << name << ": " << order.size() << " flag sets, " << windows << " windows, largest |ours - Go's| "
              << worst << "\n";
    ++compared;
  }
  return compared;
}

TEST(MmuCurve, EqualsGoOnTestdata) {
  EXPECT_EQ(compareWithGo(std::filesystem::path(testdataDir()) / "traces", ""), 22);
}

TEST(MmuCurve, EqualsGoOnCorpusGcstress) {
  const std::string corpus = sharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "no ../shared/corpus";
  EXPECT_EQ(compareWithGo(std::filesystem::path(corpus) / "traces", "gcstress_"), 6);
}

}  // namespace
}  // namespace gotrace::testing
