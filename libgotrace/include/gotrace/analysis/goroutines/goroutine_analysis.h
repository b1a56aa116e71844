// Goroutine analysis, as go tool trace's goroutine pages: for each goroutine,
// where its time in the trace went. Every instant from its appearance to its
// end (or the end of the trace) is in exactly one state, so the state times
// add up to its lifetime; GC assist and sweep times are ranges that overlap
// them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

struct GoroutineTimes {
  int64_t lifetime = 0;
  int64_t running = 0;         // execution
  int64_t runnable = 0;        // scheduler wait
  int64_t syscall = 0;         // in a system call, holding its P
  int64_t syscallBlocked = 0;  // in a system call after losing its P
  // Waiting, by reason ("chan receive", "network", "sleep"...).
  std::vector<std::pair<StringId, int64_t>> waiting;
  // Overlapping the states above.
  int64_t gcAssist = 0;  // "GC mark assist"
  int64_t gcSweep = 0;   // "GC incremental sweep" (done on its P while it ran)

  int64_t waitingTotal() const;
  void addWaiting(StringId reason, int64_t ns);
  void add(const GoroutineTimes& other);
};

// The waiting reasons grouped as go tool trace's profiles group them.
struct WaitingSplit {
  int64_t sync = 0;     // chan, select, sync.*
  int64_t network = 0;  // "network"
  int64_t other = 0;    // sleep, GC, ...
};
WaitingSplit splitWaiting(const GoroutineTimes& t, const StringTable& strings);

struct GoroutineReport {
  int64_t id = kNoGoroutine;
  StringId function = 0;  // start function: root frame of its first stack
  int64_t appeared = 0;   // creation, or the start of the generation it was first seen in
  int64_t firstRun = -1;
  int64_t ended = -1;     // -1: alive at the end of the trace
  GoroutineTimes times;
};

struct GoroutineGroup {
  StringId function = 0;
  int64_t count = 0;
  GoroutineTimes times;
};

// A stretch of one goroutine in one state, as the analysis closes it.
struct GoroutineInterval {
  int64_t goroutine = kNoGoroutine;
  GoState state = GoState::Undetermined;
  StringId reason = 0;          // why it waited (Waiting)
  bool syscallBlocked = false;  // Syscall after losing its P
  int64_t begin = 0, end = 0;
  // Where the goroutine was: for a run, the stack it stopped at (else the one
  // it resumed at); otherwise the stack it entered the state with. kNoStack
  // when the trace does not say (then it is where it was before).
  StackId stack = kNoStack;
  // The P and the M (thread) of the event that put it in this state: for a
  // run, the P it ran on; for a system call, the thread that made it.
  // kNoProc / kNoThread when the trace does not say.
  int64_t proc = kNoProc;
  int64_t thread = kNoThread;
};

// What the analysis tells a listener (all optional), in trace order.
struct GoroutineListener {
  std::function<void(int64_t id, int64_t at)> appeared;
  // Its start function became known (at most once per goroutine).
  std::function<void(int64_t id, StringId function)> named;
  std::function<void(const GoroutineInterval&)> interval;
  // After its last interval; `report.ended` is -1 when the trace ended first.
  std::function<void(const GoroutineReport&)> retired;
};

class GoroutineAnalysis {
 public:
  // `keep(id)` says which goroutines to report one by one (the rest are only
  // summed into their groups and forgotten when they end).
  explicit GoroutineAnalysis(std::function<bool(int64_t)> keep = {}) : keep_(std::move(keep)) {}

  void setListener(GoroutineListener listener) { listener_ = std::move(listener); }

  void add(const Event& ev, const TraceTables& tables);
  // The state of a live goroutine (Undetermined when not live).
  GoState stateOf(int64_t id) const;
  // At the end of the trace: open states close at the last event's time.
  void finish();

  // By total lifetime, longest first (ties: by function name id).
  std::vector<GoroutineGroup> groups(const StringTable& strings) const;
  // The kept goroutines, by id.
  const std::vector<GoroutineReport>& reports() const { return reports_; }
  int64_t traceStart() const { return traceStart_; }
  int64_t traceEnd() const { return lastTime_; }

 private:
  struct Live {
    GoroutineReport report;
    GoState state = GoState::Undetermined;
    int64_t since = 0;
    StringId waitReason = 0;
    StackId stateStack = kNoStack;  // the stack it entered its state with
    int64_t stateProc = kNoProc, stateThread = kNoThread;  // the context it entered its state in
    bool syscallLostP = false;
    int64_t proc = kNoProc;  // its P while in a syscall
    int64_t assistSince = -1;
    int64_t sweepSince = -1;
    bool named = false;
  };
  void close(Live& g, int64_t at, StackId endStack = kNoStack);
  void retire(int64_t id, Live& g);
  Live& appear(int64_t id, int64_t at);

  std::function<bool(int64_t)> keep_;
  GoroutineListener listener_;
  std::unordered_map<int64_t, Live> live_;
  std::unordered_map<int64_t, int64_t> syscallOnProc_;  // P -> goroutine in a syscall on it
  std::unordered_map<int64_t, int64_t> sweepOnProc_;    // P -> goroutine that began a sweep on it
  std::unordered_map<StringId, GoroutineGroup> groups_;
  std::vector<GoroutineReport> reports_;
  int64_t traceStart_ = 0, syncTime_ = 0, lastTime_ = 0;
  bool started_ = false;
};

// Go's time.Duration text: "0s", "850ns", "1.5µs", "12.25ms", "3.000001s", "2m5s".
void appendGoDuration(std::string& out, int64_t ns);
std::string goDuration(int64_t ns);

}  // namespace gotrace
