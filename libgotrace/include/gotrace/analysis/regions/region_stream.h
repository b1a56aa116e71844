// Finding regions while a trace is read, in memory bounded by the live
// goroutines and the regions kept (not by the trace's events): the same
// regions RegionSet::find finds on whole-trace timelines, for the uses that
// need no causes (counts, region lists, samples in regions).
//
// Each goroutine's timeline events (goroutine_timeline.h) go to the region
// trackers as they are read, numbered within the goroutine. When the
// goroutine ends, regions still open are closed as at the end of the trace,
// the derived regions are made, its regions are counted (and kept, for the
// recognizers asked for) and its state is dropped. Goroutines still alive
// at the end of the trace are closed then.
//
// A goroutine id that comes back after its goroutine ended (Go never reuses
// ids) starts afresh here, where the whole-trace timeline continues the old
// one: the regions differ only if a region was open, or an `after` region
// was waiting for its `before`, when the first goroutine ended.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// A region found while reading: its goroutine, recognizer (an index into
// the patterns' recognizers) and the trace times of its first and last
// events.
struct StreamedRegion {
  int64_t goroutine = kNoGoroutine;
  uint32_t recognizer = 0;
  int64_t firstTime = 0;
  int64_t lastTime = 0;
};

// A CPU profile sample: when, on which goroutine (kNoGoroutine for none),
// where.
struct StreamedSample {
  int64_t time = 0;
  int64_t goroutine = kNoGoroutine;
  StackId stack = kNoStack;
};

// An EventConsumer (trace/event_consumer.h).
class RegionStream {
 public:
  struct Options {
    // By recognizer: keep its regions (all regions are counted). Shorter
    // than the recognizers: the rest are not kept.
    std::vector<bool> keep;
    bool keepSamples = false;  // keep the trace's CPU samples
    // A goroutine's kept regions are moved to compact storage every so many
    // (and when it ends).
    size_t storeEvery = 4096;
  };
  // `patterns` and `tables` (the reader's) must outlive the stream.
  RegionStream(const RegionPatterns& patterns, const TraceTables& tables, Options options);
  ~RegionStream();
  RegionStream(RegionStream&&) noexcept;
  RegionStream& operator=(RegionStream&&) noexcept;

  void add(const Event& ev, const TraceTables& tables);
  void finish();

  // Once finished: regions found, by recognizer.
  const std::vector<size_t>& counts() const;
  // The kept regions in RegionSet::regions()'s order (by goroutine id, then
  // recognizer, then time), one at a time.
  void forEachKept(const std::function<void(const StreamedRegion&)>& f) const;
  // The same, as one vector (for few kept regions).
  std::vector<StreamedRegion> kept() const;
  // The CPU samples, in trace order (with keepSamples).
  const std::vector<StreamedSample>& samples() const;
  // Time of the trace's start (times since it are printed).
  int64_t traceStart() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gotrace
