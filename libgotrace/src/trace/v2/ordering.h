// The v2 ordering state machines: decides whether a thread's next event can
// happen now (given goroutine, proc, thread and GC state), validates it,
// updates the state and queues the model events it stands for.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gotrace/trace/event.h"
#include "v2/batch_cursor.h"
#include "v2/resource_table.h"
#include "v2/table_resolver.h"

namespace gotrace::v2 {

// Wire status values (GoStatus / ProcStatus arguments).
enum WireGoStatus : uint8_t { kGoBad = 0, kGoRunnable = 1, kGoRunning = 2, kGoSyscall = 3, kGoWaiting = 4 };
enum WireProcStatus : uint8_t {
  kProcBad = 0,
  kProcRunning = 1,
  kProcIdle = 2,
  kProcSyscall = 3,
  kProcSyscallAbandoned = 4
};

class Ordering {
 public:
  explicit Ordering(TableResolver& tables);

  // The most model events one wire event stands for (a GoSwitch: three).
  static constexpr size_t kMaxEventsPerAdvance = 3;

  // Tries to advance `ev`, the next event of thread `m` in generation `gen`,
  // writing the model events it stands for at `out` (room for
  // kMaxEventsPerAdvance). Returns how many (at least one), or 0 when the
  // event cannot happen yet (another thread must advance first). Throws
  // Error when the trace is inconsistent.
  size_t advance(const WireEvent& ev, int64_t m, uint64_t gen, Event* out);

  // Describes the ordering state (for "failed to advance" errors).
  std::string dump();

 private:
  struct Ctx {
    int64_t m = -1, p = -1, g = -1;
  };
  enum class Need : uint8_t { MustNot, May, Must };
  struct Seq {
    uint64_t gen = 0, n = 0;
    bool followedBy(uint64_t g, uint64_t k) const { return g == gen && k == n + 1; }
  };
  // A special time range in flight on a goroutine or proc, identified by its
  // begin event type and, for stop-the-world, its kind text.
  struct InFlight {
    uint8_t beginType;
    StringId kind;
    bool operator==(const InFlight&) const = default;
  };
  struct Region {
    uint64_t task;
    StringId name;
    bool operator==(const Region&) const = default;
  };
  struct GoroutineInfo {
    uint8_t status = kGoBad;
    Seq seq;
    std::vector<Region> regions;
    std::vector<InFlight> ranges;
  };
  struct ProcInfo {
    uint8_t status = kProcBad;
    Seq seq;
    std::vector<InFlight> ranges;
  };
  struct ThreadInfo {
    int64_t g = -1, p = -1;
  };
  struct Task {
    StringId type;
    uint64_t parent;
  };

  // Handlers: each receives the current context (which it may rewrite for
  // reporting) and the new context to bind to the thread on success.
  bool procStatus(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool procStart(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool procStop(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool procSteal(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goStatus(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goCreate(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goCreateSyscall(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goStart(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goStopExec(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goUnblock(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goSwitch(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goSyscallBegin(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goSyscallEnd(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goSyscallEndBlocked(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goDestroySyscall(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goRangeBegin(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goRangeActive(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool goRangeEnd(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool gcActive(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool gcBegin(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool gcEnd(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool sweepBegin(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool sweepActive(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool sweepEnd(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool annotation(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool heapMetric(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool taskBegin(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool taskEnd(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool regionBegin(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool regionEnd(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);
  bool allocFree(const WireEvent&, Ctx& cur, Ctx& next, uint64_t gen);

  // Runs the handler of the event's type.
  bool dispatch(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen);

  GoroutineInfo* findGoroutine(int64_t id);
  ProcInfo* findProc(int64_t id);
  // Whether a resource exists, is in `status`, and `seq` (of generation
  // `gen`) is the next number of its sequence: what waiting events wait for.
  template <typename Info>
  static bool ready(const Info* info, uint8_t status, uint64_t gen, uint64_t seq) {
    return info && info->status == status && info->seq.followedBy(gen, seq);
  }

  void require(const WireEvent& ev, const Ctx& ctx, Need m, Need p, Need g) const;
  GoroutineInfo& runningGoroutine(const WireEvent& ev, const Ctx& ctx, uint8_t wantStatus,
                                   std::string_view wantName);
  [[noreturn]] void fail(const WireEvent& ev, std::string message) const;
  std::string_view nameOf(uint8_t type) const;
  void beginRange(std::vector<InFlight>& ranges, const WireEvent& ev, InFlight r);
  void activeRange(std::vector<InFlight>& ranges, const WireEvent& ev, InFlight r, uint64_t gen);
  StringId endRange(std::vector<InFlight>& ranges, const WireEvent& ev, uint8_t beginType);

  // Writes a model event for a wire event (validating its table ids) or for
  // a synthesized one; returns it for the caller to fill in its details.
  Event& emit(const WireEvent& ev, const Ctx& ctx, EventKind kind);
  Event& emitSynthesized(int64_t time, const Ctx& ctx, EventKind kind);
  void emitTransition(const WireEvent& ev, const Ctx& ctx, ResourceKind kind, int64_t id, ResourceState from,
                      ResourceState to, StringId reason = 0, StackId stack = kNoStack);
  StringId stwName(StringId kind);

  TableResolver& tables_;
  uint64_t initialGen_ = 0;

  ResourceTable<GoroutineInfo> goroutines_;
  ResourceTable<ProcInfo> procs_;
  ResourceTable<ThreadInfo> threads_;
  int64_t lastThreadId_ = 0;
  ThreadInfo* lastThread_ = nullptr;
  std::unordered_map<uint64_t, Task> activeTasks_;
  enum class GcState : uint8_t { Undetermined, NotRunning, Running } gcState_ = GcState::Undetermined;
  uint64_t gcSeq_ = 0;

  // Pre-interned names.
  StringId gomaxprocsMetric_, heapAllocMetric_, heapGoalMetric_;
  StringId gcMarkName_, gcSweepName_, gcAssistName_;
  std::unordered_map<StringId, StringId> stwNames_;

  // Where the current advance writes its model events, and how many so far.
  Event* out_ = nullptr;
  size_t emitted_ = 0;
};

}  // namespace gotrace::v2
