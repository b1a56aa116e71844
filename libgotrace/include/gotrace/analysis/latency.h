// etlatency's analysis: how long things take, as distributions. Durations of
// user tasks (per type), user regions (per type), inferred regions (per kind;
// HTTP server regions per handler), stop-the-world pauses (per reason), GC
// mark phases and scheduler latency (runnable to running), each with its
// slowest instances. Only complete instances count: both ends in the trace.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/analysis/stw_phases.h"
#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

enum class LatencyKind : uint8_t { Task, Region, Inferred, Stw, Gc, Sched };
constexpr size_t kLatencyKindCount = 6;
// "task", "region", "inferred", "stw", "gc", "sched".
std::string_view latencyKindName(LatencyKind kind);
std::optional<LatencyKind> latencyKindFromName(std::string_view name);

// The name of the one scheduler-latency distribution and of the GC one.
inline constexpr std::string_view kSchedLatencyName = "runnable to running";
inline constexpr std::string_view kGcLatencyName = model::kGcMarkRange;

// One timed instance: how long, when it began (trace time, ns), on which
// goroutine (the one that began it; kNoGoroutine if none).
struct LatencyInstance {
  int64_t duration = 0;
  int64_t start = 0;
  int64_t goroutine = kNoGoroutine;
};

// Log buckets, 1-2-5 per decade: bucket 0 holds [0, 1 ns), bucket b >= 1
// holds [low(b), low(b + 1)) with lows 1, 2, 5, 10, 20, 50, 100, ... ns.
int latencyBucket(int64_t ns);
int64_t latencyBucketLow(int bucket);
int64_t latencyBucketHigh(int bucket);  // the next bucket's low (INT64_MAX for the last)

struct LatencyBucketCount {
  int bucket = 0;
  size_t count = 0;
};

struct LatencyDistribution {
  LatencyKind kind = LatencyKind::Task;
  std::string name;
  std::vector<int64_t> durations;        // ascending
  std::vector<LatencyInstance> slowest;  // longest first; ties: earlier start first

  size_t count() const { return durations.size(); }
  int64_t min() const { return durations.empty() ? 0 : durations.front(); }
  int64_t max() const { return durations.empty() ? 0 : durations.back(); }
  // Nearest rank: of n durations in ascending order, the one at rank
  // ceil(perMille / 1000 * n) (counting from 1), the smallest duration
  // that at least perMille of them do not exceed. p50 is percentile(500),
  // p99.9 percentile(999). 0 for an empty distribution.
  int64_t percentile(int perMille) const;
  // The non-empty buckets, ascending.
  std::vector<LatencyBucketCount> buckets() const;
};

struct LatencyOptions {
  std::array<bool, kLatencyKindCount> kinds{true, true, true, true, true, true};
  size_t slowest = 0;  // slowest instances kept per distribution
  bool wants(LatencyKind k) const { return kinds[size_t(k)]; }
};

// An EventConsumer (trace/event_consumer.h) for tasks, user regions,
// stop-the-world pauses, GC and scheduler latency; inferred regions are
// added from a RegionSet (addInferredRegions).
//
// Task: TaskBegin to TaskEnd of one id, named by the begin's type. Region:
// RegionBegin to RegionEnd on one goroutine, an end closing the innermost
// open region (as Go's summarizer pairs them), named by the begin's type;
// regions open when their goroutine ends do not count. Stop-the-world: the
// stop-the-world range, from its begin (the request) to its end, per
// reason. GC: the GC concurrent mark phase range. Sched: a goroutine's
// transition to Runnable (from a known state) to its next transition, when
// that is to Running.
class LatencyCollector {
 public:
  explicit LatencyCollector(LatencyOptions options);
  LatencyCollector(const LatencyCollector&) = delete;
  LatencyCollector& operator=(const LatencyCollector&) = delete;

  void add(const Event& ev, const TraceTables& tables);
  void finish() {}

  // Counts one instance.
  void record(LatencyKind kind, std::string_view name, const LatencyInstance& instance);
  // The trace's first event's time (0 before any event).
  int64_t traceStart() const { return traceStart_; }

  // The distributions by kind (in LatencyKind order), then name; the
  // collector is empty afterwards.
  std::vector<LatencyDistribution> take();

 private:
  struct Building {
    LatencyDistribution dist;
    // The slowest so far: a min-heap on (duration, later start first).
    std::vector<LatencyInstance> heap;
  };
  Building& distribution(LatencyKind kind, std::string_view name);
  void onTransition(const Event& ev);

  LatencyOptions options_;
  std::array<std::map<std::string, Building, std::less<>>, kLatencyKindCount> byKind_;
  Building* sched_ = nullptr;
  bool started_ = false;
  int64_t traceStart_ = 0;

  struct Open {
    int64_t start = 0;
    StringId type = 0;
    int64_t goroutine = kNoGoroutine;
  };
  std::unordered_map<uint64_t, Open> tasks_;                       // by task id
  std::unordered_map<int64_t, std::vector<Open>> regions_;         // open user regions by goroutine
  std::unordered_map<int64_t, int64_t> runnableSince_;             // by goroutine
  std::optional<Open> gc_;
  StwAnalyzer stw_;
};

// Adds the inferred regions of `regions` (kind "inferred"): per recognizer
// kind, and for HTTP server kinds (server/...) per handler, named
// "KIND HANDLER" (region_set.h: serverHandler) when one of the region's
// events shows a handler; else just KIND, but for server/http requests:
// "server/http (handler not seen)".
// A region lasts from its first event to its last.
void addInferredRegions(LatencyCollector& collector, const RegionSet& regions);

}  // namespace gotrace
