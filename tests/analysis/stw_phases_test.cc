// unstoppable's analysis: phases worked out by hand on a small trace, every
// stop-the-world pause Go's parser counts, and a program whose pauses are
// known to wait for one goroutine (testdata/programs/stwdelay).
#include "gotrace/analysis/stw_phases.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"
#include "gotrace/render/stw_text.h"

namespace gotrace::testing {
namespace {

std::vector<StwPause> pausesOf(TraceReader& reader, int64_t grace = 0, int64_t* traceStart = nullptr,
                               std::vector<std::string>* lines = nullptr) {
  std::vector<StwPause> pauses;
  int64_t start = 0;
  bool started = false;
  StwAnalyzer a(grace, [&](const StwPause& p) {
    pauses.push_back(p);
    if (lines) lines->push_back(stwSummaryLine(p, start));
  });
  Event ev;
  while (reader.next(ev)) {
    if (!started) {
      start = ev.time;
      started = true;
    }
    a.add(ev, reader.tables());
  }
  if (traceStart) *traceStart = start;
  return pauses;
}

// P0 runs g1, P1 runs g2. At 200 us g1 stops the world; P1 stops at 250.001
// us (the world has settled), starts again at 400 us; the pause ends at
// 500 us. Samples: g2 at 220 us (pre-stop, +20 us), g1 at 300 us (stopped,
// +49.999 us), g1 at 450 us (post-stop, +50 us), g1 at 600 us (after it).
constexpr std::string_view kPause = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=100000 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
STWBegin dt=99998 kind_string=1 stack=0
STWEnd dt=300000
EventBatch gen=1 m=2 time=100000 size=?
ProcStatus dt=1 p=1 pstatus=1
GoStatus dt=1 g=2 m=2 gstatus=2
GoStop dt=149998 reason_string=2 stack=1
ProcStop dt=1
ProcStart dt=149999 p=1 p_seq=1
GoStart dt=1 g=2 g_seq=1
EventBatch gen=1 m=18446744073709551615 time=100000 size=?
CPUSamples
CPUSample time=220000 m=2 p=1 g=2 stack=1
CPUSample time=300000 m=1 p=0 g=1 stack=2
CPUSample time=450000 m=1 p=0 g=1 stack=2
CPUSample time=600000 m=1 p=0 g=1 stack=2
EventBatch gen=1 m=18446744073709551615 time=100000 size=?
Stacks
Stack id=1 nframes=1
	pc=16 func=3 file=4 line=7
Stack id=2 nframes=1
	pc=32 func=5 file=4 line=9
EventBatch gen=1 m=18446744073709551615 time=100000 size=?
Strings
String id=1
	data="GC mark termination"
String id=2
	data="preempted"
String id=3
	data="main.spin"
String id=4
	data="main.go"
String id=5
	data="runtime.stopTheWorld"
EventBatch gen=1 m=18446744073709551615 time=100000 size=?
Frequency freq=1000000000
)TR";

TEST(StwPhases, ByHand) {
  auto reader = openTestTrace(kPause, "t");
  int64_t start = 0;
  std::vector<std::string> lines;
  const auto pauses = pausesOf(*reader, 0, &start, &lines);
  ASSERT_EQ(pauses.size(), 1u);
  const StwPause& p = pauses[0];
  EXPECT_EQ(p.reason, "GC mark termination");
  EXPECT_EQ(p.request, 200000);
  EXPECT_EQ(p.idle, 250001);
  EXPECT_EQ(p.resume, 400000);
  EXPECT_EQ(p.end, 500000);
  EXPECT_EQ(p.initiator, 1);
  EXPECT_EQ(p.samplesDuring, 3u);
  ASSERT_EQ(p.samples.size(), 3u);
  EXPECT_EQ(p.samples[0].phase, StwPhase::PreStop);
  EXPECT_EQ(p.samples[0].offset, 20000);
  EXPECT_EQ(p.samples[0].goroutine, 2);
  EXPECT_EQ(p.samples[1].phase, StwPhase::Stopped);
  EXPECT_EQ(p.samples[1].offset, 49999);
  EXPECT_EQ(p.samples[2].phase, StwPhase::PostStop);
  EXPECT_EQ(p.samples[2].offset, 50000);
  // Phases in whole microseconds: 50, 149, 100.
  EXPECT_EQ(lines[0], fmt::format("STW @{:.3f}s GC mark termination: 0.05+0.149+0.1 ms clock, 3 samples; running "
                                  "while it waited to stop: g=2",
                                  double(200000 - start) / 1e9));
  std::string stacks;
  appendStwStacks(stacks, p, reader->tables());
  EXPECT_EQ(stacks,
            "pre-stop +20µs g=2\n  main.spin main.go:7 0x10\n"
            "stopped +49µs g=1\n  runtime.stopTheWorld main.go:9 0x20\n"
            "post-stop +50µs g=1\n  runtime.stopTheWorld main.go:9 0x20\n");
}

TEST(StwPhases, Grace) {
  auto reader = openTestTrace(kPause, "t");
  const auto pauses = pausesOf(*reader, 30000);
  ASSERT_EQ(pauses.size(), 1u);
  ASSERT_EQ(pauses[0].samples.size(), 2u);  // the pre-stop sample came 20 us in
  EXPECT_EQ(pauses[0].samples[0].phase, StwPhase::Stopped);
  EXPECT_EQ(pauses[0].samplesDuring, 3u);
}

// Every pause Go's parser counts, with the CPU samples taken during it
// (counted here from the raw events).
class GcStress : public ::testing::TestWithParam<std::string> {};

TEST_P(GcStress, EveryPauseWithItsSamples) {
  std::string path = testdataDir() + "/traces/" + GetParam() + ".trace";
  std::string oraclePath = testdataDir() + "/oracle/" + GetParam() + ".json";
  if (!std::ifstream(path)) {
    const std::string shared = sharedCorpusDir();
    if (shared.empty()) GTEST_SKIP() << GetParam() << " is in ../shared/corpus only";
    path = shared + "/traces/" + GetParam() + ".trace";
    oraclePath = shared + "/oracle/" + GetParam() + ".json";
  }
  std::ifstream of(oraclePath);
  const nlohmann::json oracle = nlohmann::json::parse(of);
  int64_t expected = 0;
  for (const auto& [name, counts] : oracle["ranges"].items()) {
    if (name.starts_with("stop-the-world")) expected += counts["begin"].get<int64_t>() + counts["active"].get<int64_t>();
  }
  // Samples inside each stop-the-world range, by a plain scan.
  std::vector<size_t> samplesInside;
  {
    auto reader = TraceReader::open(Input::open(path));
    Event ev;
    bool inside = false;
    while (reader->next(ev)) {
      const bool stw = (ev.kind == EventKind::RangeBegin || ev.kind == EventKind::RangeEnd) &&
                       reader->str(ev.range.name).starts_with("stop-the-world");
      if (stw && ev.kind == EventKind::RangeBegin) {
        inside = true;
        samplesInside.push_back(0);
      } else if (stw) {
        inside = false;
      } else if (inside && ev.kind == EventKind::StackSample) {
        samplesInside.back()++;
      }
    }
  }
  auto reader = TraceReader::open(Input::open(path));
  const auto pauses = pausesOf(*reader);
  ASSERT_EQ(int64_t(pauses.size()), expected);
  ASSERT_EQ(pauses.size(), samplesInside.size());
  for (size_t i = 0; i < pauses.size(); i++) {
    const StwPause& p = pauses[i];
    EXPECT_EQ(p.samplesDuring, samplesInside[i]) << i;
    EXPECT_LE(p.request, p.idle);
    EXPECT_LE(p.idle, p.resume);
    EXPECT_LE(p.resume, p.end);
    EXPECT_EQ(p.samples.size(), p.samplesDuring);  // no grace: every sample has a phase
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, GcStress,
                         ::testing::Values("gcstress_go1.19", "gcstress_go1.21", "gcstress_go1.22", "gcstress_go1.23",
                                           "gcstress_go1.24", "gcstress_go1.26"));

// stwdelay's copier goroutine sits in runtime.memmove, which cannot be
// preempted: the world waits for it. The pauses name it.
class StwDelay : public ::testing::TestWithParam<std::string> {};

TEST_P(StwDelay, PausesWaitForTheCopier) {
  const std::string path = testdataDir() + "/traces/" + GetParam() + ".trace";
  std::set<int64_t> copiers;  // goroutines seen running main.copier
  {
    auto reader = TraceReader::open(Input::open(path));
    Event ev;
    while (reader->next(ev)) {
      if (ev.goroutine == kNoGoroutine || ev.stack == kNoStack) continue;
      for (FrameId f : reader->stackFrames(ev.stack)) {
        if (reader->str(reader->frame(f).func) == "main.copier") copiers.insert(ev.goroutine);
      }
    }
  }
  ASSERT_EQ(copiers.size(), 1u);
  auto reader = TraceReader::open(Input::open(path));
  std::vector<std::string> lines;
  const auto pauses = pausesOf(*reader, 0, nullptr, &lines);
  int readMemStats = 0, delayed = 0;
  for (size_t i = 0; i < pauses.size(); i++) {
    const StwPause& p = pauses[i];
    if (p.reason != "read mem stats") continue;
    readMemStats++;
    bool byCopier = false;
    for (const StwSample& s : p.samples) {
      if (s.phase == StwPhase::PreStop) byCopier = byCopier || copiers.count(s.goroutine);
    }
    // The initiator's own samples (it spins, waiting) are not named as delaying it.
    const size_t list = lines[i].find("waited to stop: ");
    if (list != std::string::npos) {
      const std::string named = lines[i].substr(list) + ",";
      EXPECT_EQ(named.find(fmt::format("g={},", p.initiator)), std::string::npos) << lines[i];
      EXPECT_EQ(named.find(fmt::format("g={} (", p.initiator)), std::string::npos) << lines[i];
    }
    if (byCopier) {
      delayed++;
      EXPECT_NE(lines[i].find(fmt::format("g={}", *copiers.begin())), std::string::npos) << lines[i];
      EXPECT_GT(p.idle - p.request, 1'000'000) << lines[i];  // over a millisecond waiting for it
    }
  }
  EXPECT_EQ(readMemStats, 40);  // the program stops the world 40 times
  EXPECT_GE(delayed, 30) << "most pauses caught the copier in a sample";
}

INSTANTIATE_TEST_SUITE_P(Traces, StwDelay, ::testing::Values("stwdelay_go1.21", "stwdelay_go1.26"));

}  // namespace
}  // namespace gotrace::testing
