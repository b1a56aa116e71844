// unstoppable's analysis: why a stop-the-world pause took long. Each pause is
// split into three phases by the procs' states: pre-stop (the stop was
// requested; running procs have yet to stop), stopped (only the initiator
// runs) and post-stop (the world restarts). CPU samples taken in each phase
// show who kept running, what the stopped world did, and what restarting
// cost.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

enum class StwPhase : uint8_t { PreStop, Stopped, PostStop };
std::string_view stwPhaseName(StwPhase phase);  // "pre-stop", "stopped", "post-stop"

struct StwSample {
  StwPhase phase;
  int64_t time = 0;
  int64_t offset = 0;  // ns since the phase began
  int64_t goroutine = kNoGoroutine;
  StackId stack = kNoStack;
};

struct StwPause {
  std::string reason;           // "GC mark termination", from "stop-the-world (GC mark termination)"
  int64_t request = 0;          // when the stop was requested (trace time, ns)
  int64_t idle = 0;             // when only one proc was left running
  int64_t resume = 0;           // when a second proc ran again
  int64_t end = 0;
  bool settled = false;         // false: the world was never seen settled (pre-stop unknown, taken as 0)
  bool inProgressAtStart = false;  // the trace began during the pause: its request time is the trace's start
  int64_t initiator = kNoGoroutine;  // the goroutine that stopped the world
  size_t samplesDuring = 0;     // CPU samples from the request to the end
  std::vector<StwSample> samples;  // those attributed to a phase (after the grace), by time
};

class StwAnalyzer {
 public:
  // `grace`: samples earlier than this into their phase are left out.
  // `onPause` is called as each pause ends.
  StwAnalyzer(int64_t graceNs, std::function<void(const StwPause&)> onPause);

  // An EventConsumer (trace/event_consumer.h). A pause still in progress
  // when the trace ends is not reported.
  void add(const Event& ev, const TraceTables& tables);
  void finish() {}

  // Warnings about the trace (a pause beginning during another).
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  void endPause(int64_t end);

  int64_t grace_;
  std::function<void(const StwPause&)> onPause_;
  std::unordered_set<int64_t> executing_;  // procs in the Running state
  bool active_ = false;
  bool resumed_ = false;
  StwPause pause_;
  std::vector<StwSample> pending_;  // samples since the request, phase not yet known
  std::vector<std::string> warnings_;
};

}  // namespace gotrace
