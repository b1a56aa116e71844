// etlatency's analysis: nearest-rank percentiles and buckets worked out by
// hand; a hand-written trace's tasks, regions, pauses, GC and scheduler
// latency; task and region durations against Go 1.26's summarizer
// (testdata/go_latency, made by glatency.go); pauses, GC and scheduler
// latency of real traces against a plain scan of their events written here;
// inferred regions against regiongraph's streamed counts.
#include "gotrace/analysis/latency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_stream.h"
#include "gotrace/trace/event_consumer.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using Key = std::pair<std::string, std::string>;

LatencyDistribution dist(std::vector<int64_t> d) {
  LatencyDistribution out;
  out.durations = std::move(d);
  return out;
}

TEST(Latency, NearestRankPercentiles) {
  // Five values: p50 is rank ceil(2.5) = 3, p90 rank ceil(4.5) = 5.
  const LatencyDistribution five = dist({15, 20, 35, 40, 50});
  EXPECT_EQ(five.percentile(500), 35);
  EXPECT_EQ(five.percentile(900), 50);
  EXPECT_EQ(five.percentile(990), 50);
  EXPECT_EQ(five.percentile(200), 15);  // rank exactly 1
  EXPECT_EQ(five.percentile(400), 20);  // rank exactly 2
  EXPECT_EQ(five.percentile(401), 35);  // rank ceil(2.005) = 3
  // 1..1000: pP is P/100 * 1000 exactly.
  std::vector<int64_t> thousand;
  for (int64_t i = 1; i <= 1000; i++) thousand.push_back(i);
  const LatencyDistribution t = dist(thousand);
  EXPECT_EQ(t.percentile(500), 500);
  EXPECT_EQ(t.percentile(900), 900);
  EXPECT_EQ(t.percentile(990), 990);
  EXPECT_EQ(t.percentile(999), 999);
  EXPECT_EQ(t.min(), 1);
  EXPECT_EQ(t.max(), 1000);
  // 1..10: p99.9 is rank ceil(9.99) = 10.
  const LatencyDistribution ten = dist({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  EXPECT_EQ(ten.percentile(999), 10);
  EXPECT_EQ(ten.percentile(500), 5);
  EXPECT_EQ(dist({7}).percentile(500), 7);
  EXPECT_EQ(dist({}).percentile(500), 0);
}

TEST(Latency, LogBuckets) {
  EXPECT_EQ(latencyBucket(0), 0);
  EXPECT_EQ(latencyBucket(1), 1);
  EXPECT_EQ(latencyBucket(2), 2);
  EXPECT_EQ(latencyBucket(4), 2);
  EXPECT_EQ(latencyBucket(5), 3);
  EXPECT_EQ(latencyBucket(9), 3);
  EXPECT_EQ(latencyBucket(10), 4);
  EXPECT_EQ(latencyBucket(999), 9);
  EXPECT_EQ(latencyBucket(1000), 10);
  EXPECT_EQ(latencyBucketLow(10), 1000);
  EXPECT_EQ(latencyBucketHigh(10), 2000);
  EXPECT_EQ(latencyBucketLow(11), 2000);
  EXPECT_EQ(latencyBucketHigh(11), 5000);
  EXPECT_EQ(latencyBucketLow(12), 5000);
  // 1.5 s is in [1s, 2s).
  EXPECT_EQ(latencyBucketLow(latencyBucket(1500000000)), 1000000000);
  EXPECT_EQ(latencyBucketHigh(latencyBucket(1500000000)), 2000000000);
  EXPECT_EQ(latencyBucketHigh(latencyBucket(INT64_MAX)), INT64_MAX);
  const auto b = dist({0, 3, 4, 4, 7, 1000}).buckets();
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].bucket, 0);
  EXPECT_EQ(b[0].count, 1u);
  EXPECT_EQ(b[1].bucket, 2);
  EXPECT_EQ(b[1].count, 3u);
  EXPECT_EQ(b[2].bucket, 3);
  EXPECT_EQ(b[3].bucket, 10);
}

// Times in ns (1 tick = 1 ns). g1 runs task 3 "job" from 13 to 100, in it
// region "outer" from 14 to 40 with "inner" from 24 to 29; creates g5 at 41,
// which runs at 200 (159 ns runnable); g1 blocks at 101, is unblocked at 210
// and runs at 250 (40 ns); begins region "outer" and task 7 "job" that
// never end; stops the world ("read mem stats") from 260 to 300 and runs a
// GC mark phase from 310 to 1310.
constexpr std::string_view kTrace = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
UserTaskBegin dt=1 task=3 parent_task=0 name_string=1 stack=0
UserRegionBegin dt=1 task=3 name_string=2 stack=0
UserRegionBegin dt=10 task=3 name_string=3 stack=0
UserRegionEnd dt=5 task=3 name_string=3 stack=0
UserRegionEnd dt=11 task=3 name_string=2 stack=0
GoCreate dt=1 new_g=5 new_stack=0 stack=0
UserTaskEnd dt=59 task=3 stack=0
GoBlock dt=1 reason_string=4 stack=0
GoStart dt=99 g=5 g_seq=1
GoUnblock dt=10 g=1 g_seq=1 stack=0
GoDestroy dt=10
GoStart dt=30 g=1 g_seq=2
UserRegionBegin dt=1 task=0 name_string=2 stack=0
UserTaskBegin dt=1 task=7 parent_task=0 name_string=1 stack=0
STWBegin dt=8 kind_string=5 stack=0
STWEnd dt=40
GCBegin dt=10 gc_seq=1 stack=0
GCEnd dt=1000 gc_seq=2
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="job"
String id=2
	data="outer"
String id=3
	data="inner"
String id=4
	data="sleep"
String id=5
	data="read mem stats"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR";

std::map<std::pair<std::string, std::string>, LatencyDistribution> byName(std::vector<LatencyDistribution> all) {
  std::map<std::pair<std::string, std::string>, LatencyDistribution> out;
  for (auto& d : all) out[{std::string(latencyKindName(d.kind)), d.name}] = std::move(d);
  return out;
}

TEST(Latency, HandWrittenTrace) {
  auto trace = openTestTrace(kTrace);
  LatencyOptions options;
  options.slowest = 1;
  LatencyCollector c(options);
  ASSERT_FALSE(readInto(*trace, c));
  EXPECT_EQ(c.traceStart(), 10);
  auto d = byName(c.take());
  using V = std::vector<int64_t>;
  ASSERT_EQ(d.size(), 6u);
  EXPECT_EQ(d[Key("task", "job")].durations, V{87});
  EXPECT_EQ(d[Key("region", "outer")].durations, V{26});
  EXPECT_EQ(d[Key("region", "inner")].durations, V{5});
  EXPECT_EQ(d[Key("sched", "runnable to running")].durations, (V{40, 159}));
  EXPECT_EQ(d[Key("stw", "read mem stats")].durations, V{40});
  EXPECT_EQ(d[Key("gc", "GC concurrent mark phase")].durations, V{1000});
  const auto& sched = d[Key("sched", "runnable to running")];
  ASSERT_EQ(sched.slowest.size(), 1u);
  EXPECT_EQ(sched.slowest[0].duration, 159);
  EXPECT_EQ(sched.slowest[0].start, 41);
  EXPECT_EQ(sched.slowest[0].goroutine, 5);
  const auto& task = d[Key("task", "job")];
  ASSERT_EQ(task.slowest.size(), 1u);
  EXPECT_EQ(task.slowest[0].start, 13);
  EXPECT_EQ(task.slowest[0].goroutine, 1);
  EXPECT_EQ(d[Key("stw", "read mem stats")].slowest[0].start, 260);
}

TEST(Latency, KindsSelect) {
  auto trace = openTestTrace(kTrace);
  LatencyOptions options;
  options.kinds.fill(false);
  options.kinds[size_t(LatencyKind::Region)] = true;
  options.kinds[size_t(LatencyKind::Gc)] = true;
  LatencyCollector c(options);
  ASSERT_FALSE(readInto(*trace, c));
  auto d = byName(c.take());
  ASSERT_EQ(d.size(), 3u);
  EXPECT_TRUE(d.contains(Key("region", "outer")));
  EXPECT_TRUE(d.contains(Key("region", "inner")));
  EXPECT_TRUE(d.contains(Key("gc", "GC concurrent mark phase")));
}

TEST(Latency, SlowestAreTheLongestLongestFirst) {
  LatencyOptions options;
  options.slowest = 3;
  LatencyCollector c(options);
  const int64_t durations[] = {5, 9, 1, 9, 7, 3, 8};
  for (int64_t i = 0; i < 7; i++) c.record(LatencyKind::Task, "t", {durations[i], 100 + i, i});
  const auto all = c.take();
  ASSERT_EQ(all.size(), 1u);
  ASSERT_EQ(all[0].slowest.size(), 3u);
  // 9 at 101, 9 at 103 (ties: earlier first), 8 at 106.
  EXPECT_EQ(all[0].slowest[0].start, 101);
  EXPECT_EQ(all[0].slowest[1].start, 103);
  EXPECT_EQ(all[0].slowest[2].duration, 8);
  EXPECT_EQ(all[0].durations, (std::vector<int64_t>{1, 3, 5, 7, 8, 9, 9}));
}

std::vector<LatencyDistribution> collect(const std::string& path, std::initializer_list<LatencyKind> kinds,
                                         size_t slowest = 0) {
  auto reader = TraceReader::open(Input::open(path));
  LatencyOptions options;
  options.kinds.fill(false);
  for (LatencyKind k : kinds) options.kinds[size_t(k)] = true;
  options.slowest = slowest;
  LatencyCollector c(options);
  EXPECT_FALSE(readInto(*reader, c)) << path;
  return c.take();
}

// Task and region durations equal those of Go's summarizer, instance for
// instance, on every trace with tasks or regions.
TEST(Latency, TasksAndRegionsEqualGosSummarizer) {
  int traces = 0;
  size_t instances = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testdataDir() + "/go_latency")) {
    if (entry.path().extension() != ".jsonl") continue;
    const std::string name = entry.path().stem().string();
    SCOPED_TRACE(name);
    auto ours = byName(collect(testdataDir() + "/traces/" + name + ".trace", {LatencyKind::Task, LatencyKind::Region}));
    std::ifstream in(entry.path());
    size_t goDistributions = 0;
    for (std::string line; std::getline(in, line);) {
      const nlohmann::json go = nlohmann::json::parse(line);
      const auto want = go["durations_ns"].get<std::vector<int64_t>>();
      const std::pair key{go["kind"].get<std::string>(), go["name"].get<std::string>()};
      if (want.empty()) {
        EXPECT_FALSE(ours.contains(key)) << key.first << " " << key.second;
        continue;
      }
      goDistributions++;
      ASSERT_TRUE(ours.contains(key)) << key.first << " " << key.second;
      EXPECT_EQ(ours[key].durations, want) << key.first << " " << key.second;
      instances += want.size();
    }
    EXPECT_EQ(ours.size(), goDistributions);
    traces++;
  }
  EXPECT_EQ(traces, 5);
  EXPECT_GT(instances, 5000u);
}

// A plain scan: every goroutine's transitions in order; a stretch in the
// Runnable state that began with a transition from a known other state and
// ended with one to Running.
std::vector<int64_t> scanSchedLatency(TraceReader& reader) {
  std::map<int64_t, std::vector<StateTransition>> transitions;
  std::map<int64_t, std::vector<int64_t>> times;
  Event ev;
  while (reader.next(ev)) {
    if (ev.kind != EventKind::StateTransition || ev.transition.resource.kind != ResourceKind::Goroutine) continue;
    transitions[ev.transition.resource.id].push_back(ev.transition);
    times[ev.transition.resource.id].push_back(ev.time);
  }
  std::vector<int64_t> out;
  for (const auto& [g, ts] : transitions) {
    const auto& tm = times[g];
    size_t i = 0;
    while (i < ts.size()) {
      const bool intoRunnable = ts[i].goTo() == GoState::Runnable && ts[i].goFrom() != GoState::Runnable;
      if (!intoRunnable) {
        i++;
        continue;
      }
      size_t j = i + 1;
      while (j < ts.size() && ts[j].goTo() == GoState::Runnable) j++;  // status re-announcements
      if (j < ts.size() && ts[j].goTo() == GoState::Running && ts[i].goFrom() != GoState::Undetermined) {
        out.push_back(tm[j] - tm[i]);
      }
      i = j;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Ranges by name prefix, each begin paired with the next end of the same name.
std::map<std::string, std::vector<int64_t>> scanRanges(TraceReader& reader, std::string_view prefix) {
  std::map<std::string, std::vector<int64_t>> out;
  std::map<std::string, int64_t> open;
  Event ev;
  while (reader.next(ev)) {
    if (ev.kind != EventKind::RangeBegin && ev.kind != EventKind::RangeEnd) continue;
    const std::string name(reader.tables().strings.view(ev.range.name));
    if (!name.starts_with(prefix)) continue;
    if (ev.kind == EventKind::RangeBegin) {
      open[name] = ev.time;
    } else if (auto it = open.find(name); it != open.end()) {
      out[name].push_back(ev.time - it->second);
      open.erase(it);
    }
  }
  for (auto& [name, v] : out) std::sort(v.begin(), v.end());
  return out;
}

TEST(Latency, SchedStwAndGcEqualAPlainScan) {
  size_t sched = 0, stw = 0, gc = 0;
  for (const char* name : {"gcstress_go1.22", "gcstress_go1.21", "stwdelay_go1.26", "stwdelay_go1.21",
                           "httpserver_go1.26", "generations_go1.26"}) {
    SCOPED_TRACE(name);
    const std::string path = testdataDir() + "/traces/" + name + ".trace";
    auto ours = byName(collect(path, {LatencyKind::Sched, LatencyKind::Stw, LatencyKind::Gc}));
    {
      auto reader = TraceReader::open(Input::open(path));
      const auto want = scanSchedLatency(*reader);
      ASSERT_FALSE(want.empty());
      EXPECT_EQ(ours[Key("sched", "runnable to running")].durations, want);
      sched += want.size();
    }
    {
      auto reader = TraceReader::open(Input::open(path));
      const auto ranges = scanRanges(*reader, "stop-the-world (");
      size_t kinds = 0;
      for (const auto& [rangeName, want] : ranges) {
        const std::string reason = rangeName.substr(16, rangeName.size() - 17);
        EXPECT_EQ(ours[Key("stw", reason)].durations, want) << reason;
        stw += want.size();
        kinds++;
      }
      size_t oursStw = 0;
      for (const auto& [key, d] : ours) oursStw += key.first == "stw";
      EXPECT_EQ(oursStw, kinds);
    }
    {
      auto reader = TraceReader::open(Input::open(path));
      const auto ranges = scanRanges(*reader, "GC concurrent mark phase");
      const auto it = ranges.find("GC concurrent mark phase");
      const std::vector<int64_t> want = it == ranges.end() ? std::vector<int64_t>{} : it->second;
      EXPECT_EQ(ours[Key("gc", "GC concurrent mark phase")].durations, want);
      gc += want.size();
    }
  }
  EXPECT_GT(sched, 10000u);
  EXPECT_GT(stw, 50u);
  EXPECT_GT(gc, 20u);
}

// Inferred regions: per kind (summed over handlers) as many as
// regiongraph's streamed finder counts.
TEST(Latency, InferredRegionsCountAsRegiongraph) {
  for (const char* name : {"httpserver_go1.26", "httpserver_go1.21"}) {
    SCOPED_TRACE(name);
    const std::string path = testdataDir() + "/traces/" + name + ".trace";
    const RegionPatterns patterns = RegionPatterns::builtin();
    std::map<std::string, size_t> want;
    {
      auto reader = TraceReader::open(Input::open(path));
      RegionStream stream(patterns, reader->tables(), {});
      ASSERT_FALSE(readInto(*reader, stream));
      for (size_t k = 0; k < stream.counts().size(); k++) {
        if (stream.counts()[k] > 0) want[patterns.recognizers()[k].kind] += stream.counts()[k];
      }
    }
    auto reader = TraceReader::open(Input::open(path));
    LatencyOptions options;
    options.kinds.fill(false);
    options.kinds[size_t(LatencyKind::Inferred)] = true;
    LatencyCollector c(options);
    GoroutineTimelineBuilder builder(reader->tables());
    ASSERT_FALSE(readInto(*reader, c, builder));
    const GoroutineTimelines timelines = builder.take();
    addInferredRegions(c, RegionSet::find(timelines, patterns));
    std::map<std::string, size_t> got;
    bool handlers = false;
    for (const auto& d : c.take()) {
      EXPECT_EQ(d.kind, LatencyKind::Inferred);
      const std::string kind = d.name.substr(0, d.name.find(' '));
      handlers |= d.name.starts_with("server/http ");
      got[kind] += d.count();
      for (int64_t v : d.durations) EXPECT_GE(v, 0);
    }
    EXPECT_EQ(got, want);
    EXPECT_TRUE(handlers);  // server requests are split by handler
  }
}

}  // namespace
}  // namespace gotrace::testing
