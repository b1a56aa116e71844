// A trace as a timeline per goroutine (the picture fgtrace draws from
// stack samples, here exact): one track per goroutine, reused once it has
// ended, holding its life as a slice and inside it its states (running,
// runnable, waiting: reason, syscall), each with the call stack it stands
// for (an interned call stack, or nested frame slices around the states),
// with CPU samples as instants. Flow arrows go from a goroutine that
// creates or unblocks another to the other. The processor view: a track per
// P with a slice per run of a goroutine on it (`G<id> <start function>`,
// with its stack; GC mark workers' runs carry their label), a track per M
// (thread) with the system calls made on it. User regions and logs get a
// track under their goroutine's, tasks their own; GC, stop-the-world and
// counters (heap, heap goal, goroutines, goroutines runnable, GOMAXPROCS)
// tracks of their own.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "gotrace/trace/event.h"
#include "gotrace/analysis/goroutines/goroutine_analysis.h"
#include "gotrace/render/timeline_sink.h"
#include "gotrace/trace/trace_reader.h"

namespace re2 {
class RE2;
}

namespace gotrace {

struct TimelineExportOptions {
  std::string processName = "Go";
  // Only goroutines whose start function matches (RE2, unanchored); null: all.
  const re2::RE2* goroutines = nullptr;
  // Call stacks: none (CPU samples keep theirs as text), interned and
  // attached to each state slice, P and M slice and CPU sample (Callstacks),
  // or as nested slices around the states (Slices: the view before
  // Callstacks; P and M slices still get interned ones).
  enum class Stacks : uint8_t { None, Callstacks, Slices };
  Stacks stacks = Stacks::Callstacks;
  // Time window, nanoseconds from the trace's first event.
  int64_t start = 0;
  int64_t end = std::numeric_limits<int64_t>::max();
};

class TimelineExporter {
 public:
  TimelineExporter(TimelineSink& sink, TimelineExportOptions options);
  ~TimelineExporter();
  TimelineExporter(const TimelineExporter&) = delete;
  TimelineExporter& operator=(const TimelineExporter&) = delete;

  void add(const Event& ev, const TraceTables& tables);
  // Closes everything still open at the end of the trace (or the window).
  void finish();

  // The goroutine analysis the tracks are drawn from (its state times equal
  // the tracks' state slices).
  const GoroutineAnalysis& analysis() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gotrace
