// Mutator utilization: the share of the CPU (the procs, GOMAXPROCS of them)
// that the program's goroutines had at each moment, as `go tool trace`'s
// MMU page defines it (Go 1.26's internal/trace), and its minimum mean over
// windows of a given length (minimum mutator utilization, analysis/mmu_curve.h).
//
// What takes a proc away from the mutator, each selectable (the MMU page's
// checkboxes):
//   stw         a stop-the-world range whose name mentions GC takes every proc
//   background  a goroutine labelled as a GC mark worker ("GC (dedicated)",
//               "GC (fractional)"; not "GC (idle)") holds its proc while it
//               executes, from its first label on
//   assist      a goroutine in a "GC mark assist" range holds its proc while it
//               executes; the range itself takes the proc it began on
//   sweep       a "GC incremental sweep" range takes the proc it is on
// Aggregate utilization is 1 - (procs taken) / GOMAXPROCS; per proc, each
// proc's utilization is 1 or 0, and a proc removed by a GOMAXPROCS change
// ends its function (a proc added later starts a new one).
//
// The facts that shape the numbers, kept as Go defines them:
//  * nothing is measured before the first GOMAXPROCS metric;
//  * at one timestamp the lowest utilization reached wins;
//  * a worker's count on its proc rises at its every label (each time it
//    starts running) as well as when it starts executing, and a worker stays
//    one once labelled;
//  * with per-proc, dedicated workers do not count (they evict the
//    goroutines of their proc rather than delaying them);
//  * an assist or sweep found already in progress in the first generation
//    (RangeActive) is charged back to the start of the trace: aggregate
//    utilization so far loses 1/GOMAXPROCS (as GOMAXPROCS was at each point),
//    not below 0;
//  * every function ends with utilization 0 at the trace's last event; as
//    an unchanged value adds no step, a function already at 0 ends where it
//    fell to 0 instead.
// Together: in Go 1.22+ traces, which label a worker each time it starts, a
// proc where a worker started again counts as taken from then on, and once
// every proc is, the function ends there (Go's MMU page measures only that
// far). Counting without `background` measures the whole trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// What counts against the mutator, and whether procs are looked at one by one.
struct MutatorUtilizationOptions {
  bool stw = true;
  bool background = true;
  bool assist = true;
  bool sweep = true;
  bool perProc = false;
};

// From `time` on (until the next step), the mutator had `utilization` (0..1).
struct UtilizationStep {
  int64_t time = 0;
  double utilization = 0;
  bool operator==(const UtilizationStep&) const = default;
};

// A piecewise-constant function of time, steps in increasing time order; its
// last step (utilization 0) marks the end of the trace or of its proc.
using UtilizationFunction = std::vector<UtilizationStep>;

// An EventConsumer (trace/event_consumer.h) building the utilization
// functions of a trace: one (aggregate) or one per proc.
class MutatorUtilization {
 public:
  explicit MutatorUtilization(MutatorUtilizationOptions options);

  void add(const Event& ev, const TraceTables& tables);
  void finish();

  // After finish(): the functions (none when the trace has no GOMAXPROCS
  // metric, so nothing could be measured).
  const std::vector<UtilizationFunction>& functions() const { return functions_; }
  std::vector<UtilizationFunction> takeFunctions() { return std::move(functions_); }
  // The time of the trace's last event (none without events). A function
  // ends at its last change, so one whose utilization stays 0 to the end
  // (see above: a proc taken for good) ends before this.
  std::optional<int64_t> lastEventTime() const { return lastTime_; }

 private:
  struct Proc {
    int gc = 0;          // things of the GC holding this proc now (may go below 0, as Go counts)
    size_t function = 0; // index in functions_
  };
  struct ProcsChange {
    int64_t time;
    int n;
  };

  void setGomaxprocs(int64_t time, int n);
  void changeGc(int64_t proc, int delta);
  void record(UtilizationFunction& f, UtilizationStep step);
  void chargeSinceStart();
  void recordAfter(const Event& ev);
  bool procKnown(int64_t proc) const { return proc >= 0 && proc < int64_t(procs_.size()); }

  MutatorUtilizationOptions options_;
  std::vector<UtilizationFunction> functions_;
  std::vector<Proc> procs_;
  int procsInGc_ = 0;  // procs with gc > 0
  int stw_ = 0;
  uint64_t syncs_ = 0;  // the last Sync event's number
  std::vector<ProcsChange> gomaxprocsHistory_;
  std::unordered_set<int64_t> assisting_;  // goroutines in a mark assist range
  std::unordered_set<int64_t> workers_;    // goroutines labelled as background mark workers
  std::unordered_set<int64_t> executing_;  // goroutines running or in a syscall
  // Per proc: procs whose function's last step is not their utilization now
  // (a higher value at the same timestamp as a lower one waits for the next).
  std::vector<size_t> unsettled_;
  std::vector<size_t> scratch_;
  bool allTouched_ = false;
  std::optional<int64_t> lastTime_;
};

}  // namespace gotrace
