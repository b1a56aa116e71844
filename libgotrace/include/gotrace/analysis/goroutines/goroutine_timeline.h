// Goroutine timelines: every event of a trace that a goroutine did or that
// was done to it, as compact records in trace order, chained per goroutine.
// Region finding, causal links and time attribution work on these: they need
// the whole trace (a region's end decides where it started), so the records
// are small (24 bytes, plus 4 for the chain) and hold ids, not strings.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

enum class TimelineKind : uint8_t {
  Start,              // Runnable -> Running
  Block,              // Running -> Waiting; `wait` says why
  Yield,              // Running -> Runnable (preempted, runtime.Gosched)
  SyscallBegin,       // Running -> Syscall; `wait` is Syscall when the call blocked
  SyscallEnd,         // Syscall -> Running
  SyscallEndBlocked,  // Syscall -> Runnable: the call blocked and lost its P
  End,                // -> NotExist
  Create,             // on the creator: made the goroutine of `link`
  Unblock,            // on the waker (or on no goroutine): made the goroutine of `link` runnable
  AssistBegin,        // GC mark assist
  AssistEnd,
  Annotation,         // a user task, region or log event
};
std::string_view timelineKindName(TimelineKind kind);

// Why a goroutine was not running. The order is the attribution priority of
// flat summaries: on-CPU first, then these, most specific cause first.
enum class WaitClass : uint8_t { None, Cpu, Gc, Net, Syscall, Sleep, Select, Recv, Send, Cond, Sync, Block, Other };
constexpr int kWaitClassCount = 13;
std::string_view waitClassName(WaitClass wait);  // "cpu", "net", ... ("" for None)
WaitClass waitClassOfReason(std::string_view blockReason);

constexpr uint32_t kNoEvent = UINT32_MAX;
constexpr uint32_t kNoGoroutineIndex = 0;  // the "goroutine" of events done by no goroutine

struct TimelineEvent {
  int64_t time = 0;
  uint32_t g = kNoGoroutineIndex;  // dense goroutine index (goroutineId() gives the id)
  StackId stack = kNoStack;
  // Create/Unblock: the Start it enabled; Block: the Unblock that ended it;
  // Start: the event that made the goroutine runnable. kNoEvent if none.
  uint32_t link = kNoEvent;
  TimelineKind kind = TimelineKind::Start;
  WaitClass wait = WaitClass::None;
  uint8_t flags = 0;  // TimelineFlags
};
enum TimelineFlags : uint8_t {
  // A Create or Unblock done by the garbage collector or the allocator on the
  // goroutine's stack, or ending a wait for the collector (finishing a mark
  // phase wakes the goroutines waiting for it): not something the waker's
  // own work caused.
  kRuntimeWake = 1,
};
static_assert(sizeof(TimelineEvent) == 24);

// A growable array in fixed-size chunks: appending never copies what is
// there, so a big trace's records are written once and peak memory is what
// they take.
template <typename T>
class ChunkedArray {
 public:
  size_t size() const { return size_; }
  const T& operator[](size_t i) const { return chunks_[i >> kShift][i & kMask]; }
  T& operator[](size_t i) { return chunks_[i >> kShift][i & kMask]; }
  void push_back(const T& value) {
    if ((size_ & kMask) == 0) chunks_.push_back(std::make_unique<T[]>(kChunk));
    chunks_.back()[size_ & kMask] = value;
    size_++;
  }

 private:
  static constexpr size_t kShift = 16;
  static constexpr size_t kChunk = size_t(1) << kShift;
  static constexpr size_t kMask = kChunk - 1;
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

// A CPU profile sample the trace carries: when, which goroutine was running
// (kNoGoroutineIndex for none) and where.
struct TimelineSample {
  int64_t time = 0;
  uint32_t g = kNoGoroutineIndex;
  StackId stack = kNoStack;
};

class GoroutineTimelines {
 public:
  // Reads every event of `reader`, which must outlive the timelines (they
  // use its string and stack tables). Throws Error as the reader does; with
  // `damage`, keeps what precedes a reading error and stores the error there.
  // (GoroutineTimelineBuilder builds them alongside other consumers.)
  static GoroutineTimelines read(TraceReader& reader, std::optional<Error>* damage = nullptr);

  uint32_t eventCount() const { return uint32_t(events_.size()); }
  const TimelineEvent& event(uint32_t i) const { return events_[i]; }
  // The next event of the same goroutine, or kNoEvent.
  uint32_t next(uint32_t i) const { return next_[i]; }

  // CPU samples, in trace order.
  uint32_t sampleCount() const { return uint32_t(samples_.size()); }
  const TimelineSample& sample(uint32_t i) const { return samples_[i]; }

  // Dense goroutine indexes run from 1 to goroutineCount() - 1, in order of
  // first appearance; index 0 is "no goroutine".
  size_t goroutineCount() const { return goroutines_.size(); }
  int64_t goroutineId(uint32_t g) const { return goroutines_[g].id; }
  uint32_t firstEvent(uint32_t g) const { return goroutines_[g].first; }
  // The goroutine's root function: the root frame of its first stack with two
  // or more frames (one-frame stacks can be wrappers), else of any stack seen,
  // else of its creation stack; 0 (empty) if none.
  StringId rootFunction(uint32_t g) const { return goroutines_[g].rootFunction; }

  // Time of the trace's first event: JSON times are relative to it.
  int64_t traceStart() const { return traceStart_; }
  const TraceTables& tables() const { return *tables_; }

 private:
  struct Goroutine {
    int64_t id = kNoGoroutine;
    uint32_t first = kNoEvent;
    uint32_t last = kNoEvent;
    uint32_t ready = kNoEvent;         // what made it runnable, for the next Start
    uint32_t block = kNoEvent;         // the Block waiting for its Unblock
    uint32_t syscall = kNoEvent;       // the open SyscallBegin
    StackId createdWith = kNoStack;    // the creation's stack of the new goroutine
    StringId rootFunction = 0;
    bool rootFinal = false;
  };
  class Builder;
  friend class GoroutineTimelineBuilder;

  ChunkedArray<TimelineEvent> events_;
  ChunkedArray<uint32_t> next_;
  ChunkedArray<TimelineSample> samples_;
  std::vector<Goroutine> goroutines_;
  int64_t traceStart_ = 0;
  const TraceTables* tables_ = nullptr;
};

// Builds timelines while a trace is read: an EventConsumer (see
// trace/event_consumer.h). `tables` are the reader's, which must outlive the
// timelines.
class GoroutineTimelineBuilder {
 public:
  explicit GoroutineTimelineBuilder(const TraceTables& tables);
  ~GoroutineTimelineBuilder();

  void add(const Event& ev, const TraceTables& tables);
  void finish();
  // The timelines, once finished.
  GoroutineTimelines take() { return std::move(timelines_); }

 private:
  GoroutineTimelines timelines_;
  std::unique_ptr<GoroutineTimelines::Builder> builder_;
};

}  // namespace gotrace
