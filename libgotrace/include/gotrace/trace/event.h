// The one event model every trace format is read into (Go 1.26's
// internal/trace model): v1 and v2 traces produce the same events, so tools
// never branch on the trace version.
#pragma once

#include <cstdint>
#include <string_view>

#include "gotrace/trace/stack_table.h"
#include "gotrace/trace/string_table.h"

namespace gotrace {

enum class EventKind : uint8_t {
  Bad = 0,
  Sync,
  Metric,
  Label,
  StackSample,
  RangeBegin,
  RangeActive,
  RangeEnd,
  TaskBegin,
  TaskEnd,
  RegionBegin,
  RegionEnd,
  Log,
  StateTransition,
  Experimental,
};
constexpr int kEventKindCount = 15;

enum class GoState : uint8_t { Undetermined = 0, NotExist, Runnable, Running, Waiting, Syscall };
enum class ProcState : uint8_t { Undetermined = 0, NotExist, Running, Idle };
enum class ResourceKind : uint8_t { None = 0, Goroutine, Proc, Thread };

constexpr int64_t kNoGoroutine = -1;
constexpr int64_t kNoProc = -1;
constexpr int64_t kNoThread = -1;
constexpr uint64_t kNoTask = UINT64_MAX;
constexpr uint64_t kBackgroundTask = 0;

// Names the model gives to ranges and metrics, the same for every trace
// version (v1 traces are translated to them).
namespace model {
inline constexpr std::string_view kGcMarkRange = "GC concurrent mark phase";
inline constexpr std::string_view kGcSweepRange = "GC incremental sweep";
inline constexpr std::string_view kGcAssistRange = "GC mark assist";
// Stop-the-world ranges are named "stop-the-world (REASON)".
inline constexpr std::string_view kStopTheWorldRange = "stop-the-world";
inline constexpr std::string_view kHeapAllocMetric = "/memory/classes/heap/objects:bytes";
inline constexpr std::string_view kHeapGoalMetric = "/gc/heap/goal:bytes";
inline constexpr std::string_view kGomaxprocsMetric = "/sched/gomaxprocs:threads";
}  // namespace model

std::string_view kindName(EventKind kind);
std::string_view stateName(GoState state);
std::string_view stateName(ProcState state);
std::string_view resourceKindName(ResourceKind kind);

struct ResourceId {
  ResourceKind kind = ResourceKind::None;
  int64_t id = 0;
};

// A state as a transition carries it: a GoState for a goroutine, a
// ProcState for a proc (the transition's resource says which).
class ResourceState {
 public:
  constexpr ResourceState() = default;
  constexpr ResourceState(GoState s) : value_(uint8_t(s)) {}
  constexpr ResourceState(ProcState s) : value_(uint8_t(s)) {}

  constexpr GoState go() const { return GoState(value_); }
  constexpr ProcState proc() const { return ProcState(value_); }
  // The enum's value, for tables indexed by state.
  constexpr uint8_t index() const { return value_; }
  constexpr bool operator==(const ResourceState&) const = default;
  constexpr bool operator==(GoState s) const { return value_ == uint8_t(s); }
  constexpr bool operator==(ProcState s) const { return value_ == uint8_t(s); }

 private:
  uint8_t value_ = 0;
};

// Goroutine or proc state change.
struct StateTransition {
  ResourceId resource;
  ResourceState from;
  ResourceState to;
  StringId reason = 0;
  // The stack of the goroutine that transitions (for GoCreate: the new
  // goroutine's entry function), distinct from the event's own stack.
  StackId stack = kNoStack;

  GoState goFrom() const { return from.go(); }
  GoState goTo() const { return to.go(); }
  ProcState procFrom() const { return from.proc(); }
  ProcState procTo() const { return to.proc(); }
};

struct RangeInfo {
  StringId name = 0;
  ResourceId scope;
  // GC incremental sweep ends carry "bytes swept" and "bytes reclaimed".
  bool hasSweepAttributes = false;
  uint64_t bytesSwept = 0;
  uint64_t bytesReclaimed = 0;
};

struct TaskInfo {
  uint64_t id = 0;
  uint64_t parent = kNoTask;
  StringId type = 0;
};

struct RegionInfo {
  uint64_t task = 0;
  StringId type = 0;
};

struct LogInfo {
  uint64_t task = 0;
  StringId category = 0;
  StringId message = 0;
};

struct MetricInfo {
  StringId name = 0;
  uint64_t value = 0;
};

struct LabelInfo {
  StringId label = 0;
  ResourceId resource;
};

struct SyncInfo {
  uint64_t n = 0;
  // Clock snapshot (Go 1.25+ traces): trace time, monotonic and wall clock
  // read at the same instant.
  bool hasSnapshot = false;
  int64_t snapshotTrace = 0;
  uint64_t snapshotMono = 0;
  int64_t wallSeconds = 0;
  int64_t wallNanos = 0;
};

// Describes an experimental event type (names as in Go's event table).
struct ExperimentalSpec {
  std::string_view name;
  std::string_view experiment;
  uint8_t argCount;
  std::string_view argNames[3];
};

struct ExperimentalInfo {
  const ExperimentalSpec* spec = nullptr;
  uint64_t args[3] = {0, 0, 0};
};

// One event. Fixed size, no owned memory: strings and stacks are ids into the
// reader's StringTable and StackTable.
struct Event {
  int64_t time = 0;  // nanoseconds
  // The scheduling context the event happened in (before the event's own
  // effect): -1 when there is none.
  int64_t thread = kNoThread;
  int64_t proc = kNoProc;
  int64_t goroutine = kNoGoroutine;
  StackId stack = kNoStack;  // the executing context's stack
  EventKind kind = EventKind::Bad;

  union {
    StateTransition transition;
    RangeInfo range;
    TaskInfo task;
    RegionInfo region;
    LogInfo log;
    MetricInfo metric;
    LabelInfo label;
    SyncInfo sync;
    ExperimentalInfo experimental;
  };

  Event() : transition() {}
};

// The Sync event numbered `n` (generation boundaries in v2; v1 traces have
// one before their first event and one after their last).
Event syncEvent(int64_t time, uint64_t n);

}  // namespace gotrace
