// The v1 trace reader (Go 1.11-1.21): the whole trace is read, ordered and
// validated when it is opened (v1 has no generations: the stack table and
// the clock frequency come at the very end), then its events are converted
// one by one into the event model, as Go 1.26's reader converts them.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/trace/trace_reader.h"
#include "v1/ordering.h"
#include "v1/paged_table.h"
#include "v1/reference_order.h"
#include "v1/trace_data.h"

namespace gotrace::v1 {

class V1Reader final : public TraceReader {
 public:
  enum class Path {
    Fast,       // one pass that orders and validates (falls back to Reference when it must)
    Reference,  // reference_order.h only (for tests that compare the two)
  };

  // Reads, orders and validates the whole trace. Throws Error.
  V1Reader(Input input, TraceVersion version, const ReadOptions& options = {}, Path path = Path::Fast);

  bool readNext(gotrace::Event& ev) override;

 protected:
  // The input read so far, pro rata of the events ordered so far (the
  // bytes were all read before the first event).
  uint64_t bytePosition() const override;

 private:
  // Orders with the reference implementation (see ordering.h).
  void orderByReference();
  // The next v1 event in order, as Go's reader hands it to conversion.
  bool nextOrdered(v1::Event& ev, bool& blockedSyscall);
  int64_t nanos(int64_t ticks) const;

  // Converts the v1 event into zero or more model events, queued.
  void convert(const v1::Event& ev, bool blockedSyscall);
  void block(const v1::Event& ev, size_t reason);
  gotrace::Event& queue(const v1::Event& ev, EventKind kind, int64_t m, int64_t p, int64_t g);
  gotrace::Event& queue(const v1::Event& ev, EventKind kind);  // the usual context
  void queueTransition(const v1::Event& ev, ResourceKind kind, int64_t id, ResourceState from, ResourceState to,
                       StringId reason = 0, StackId stack = kNoStack);
  // The thread of proc p's last ProcStart, if it has one.
  const int64_t* threadOf(int32_t p) const;
  StringId string(uint64_t id, const v1::Event& ev);
  StackId stack(uint32_t id);         // no stack for 0 or a missing/empty stack
  StackId stackOrEmpty(uint64_t id);  // an empty stack instead of none
  StackId emptyStack();
  StringId stwKind(uint64_t kind);

  Input input_;
  TraceData data_;
  // The order: the fast path's, or (when it declined) the reference one.
  EventOrder order_;
  std::unique_ptr<OrderReader> orderReader_;
  std::vector<reference::OrderedEvent> referenceOrder_;
  std::unique_ptr<reference::OrderedEventReader> referenceReader_;
  size_t referenceNext_ = 0;
  bool empty_ = true;
  int64_t minTicks_ = 0;
  double nsPerTick_ = 0;

  // Converted events waiting to be handed out (one v1 event can make many).
  std::vector<gotrace::Event> queue_;
  size_t queueHead_ = 0;
  std::optional<Error> failed_;
  bool firstSyncDone_ = false;
  bool done_ = false;
  uint64_t syncs_ = 0;
  int64_t lastTs_ = -1;

  // Conversion state.
  bool preInit_ = true;           // before the first Gomaxprocs: goroutines that existed at trace start
  std::set<uint64_t> createdPreInit_;
  // Per proc: the M of its last ProcStart, and whether it was seen. Procs
  // -1 .. 1022 by p + 1, others in a map.
  struct ProcInfo {
    int64_t thread = 0;
    bool hasThread = false;
    bool seen = false;
  };
  ProcInfo& procInfo(int32_t p);
  std::vector<ProcInfo> procs_;
  std::unordered_map<int32_t, ProcInfo> otherProcs_;
  struct Task {
    StringId type;
    uint64_t parent;  // as written (0 = none)
  };
  std::unordered_map<uint64_t, Task> tasks_;
  StringId lastStwKind_ = 0;
  // Trace ids to table ids, interned on first use (so the tables list
  // strings and stacks in the order events use them). 0: not yet.
  PagedTable<StringId> strings_;      // v1 string id -> StringId + 1
  PagedTable<StackId> stacks_;        // v1 stack id -> StackId + 1
  std::optional<StackId> emptyStack_;
  std::array<std::optional<StringId>, 12> reasons_;  // block reasons (v1_reader.cc)

  StringId gomaxprocsMetric_, heapAllocMetric_, heapGoalMetric_;
  StringId gcMarkName_, gcSweepName_, gcAssistName_;
};

}  // namespace gotrace::v1
