// The v1 trace reader (Go 1.11-1.21): the whole trace is read, ordered and
// validated when it is opened (v1 has no generations: the stack table and
// the clock frequency come at the very end), then its events are converted
// one by one into the event model, as Go 1.26's reader converts them.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/trace/trace_reader.h"
#include "v1/reference_order.h"
#include "v1/trace_data.h"

namespace gotrace::v1 {

class V1Reader final : public TraceReader {
 public:
  // Reads, orders and validates the whole trace. Throws Error.
  V1Reader(Input input, TraceVersion version);

  bool next(gotrace::Event& ev) override;

 private:
  // Converts the v1 event into zero or more model events, queued.
  void convert(const v1::Event& ev, const reference::OrderedEvent& oe);
  gotrace::Event& queue(const v1::Event& ev, EventKind kind, int64_t m, int64_t p, int64_t g);
  gotrace::Event& queue(const v1::Event& ev, EventKind kind);  // the usual context
  void queueTransition(const v1::Event& ev, ResourceKind kind, int64_t id, ResourceState from, ResourceState to,
                       StringId reason = 0, StackId stack = kNoStack);
  int64_t threadOf(int32_t p) const;
  StringId string(uint64_t id, const v1::Event& ev);
  StackId stack(uint32_t id);         // no stack for 0 or a missing/empty stack
  StackId stackOrEmpty(uint64_t id);  // an empty stack instead of none
  StringId stwKind(uint64_t kind);

  Input input_;
  TraceData data_;
  std::vector<reference::OrderedEvent> order_;
  std::unique_ptr<reference::OrderedEventReader> reader_;
  size_t nextIndex_ = 0;
  std::deque<gotrace::Event> queue_;
  std::optional<Error> failed_;
  bool firstSyncDone_ = false;
  bool done_ = false;
  uint64_t syncs_ = 0;
  int64_t lastTs_ = -1;

  // Conversion state.
  bool preInit_ = true;           // before the first Gomaxprocs: goroutines that existed at trace start
  std::set<uint64_t> createdPreInit_;
  std::unordered_map<int32_t, int64_t> procThreads_;  // P -> M of its last ProcStart
  std::unordered_map<int32_t, bool> seenProcs_;
  struct Task {
    StringId type;
    uint64_t parent;  // as written (0 = none)
  };
  std::unordered_map<uint64_t, Task> tasks_;
  StringId lastStwKind_ = 0;
  std::unordered_map<uint64_t, StringId> strings_;
  std::unordered_map<uint32_t, StackId> stacks_;

  StringId gomaxprocsMetric_, heapAllocMetric_, heapGoalMetric_;
  StringId gcMarkName_, gcSweepName_, gcAssistName_;
  std::unordered_map<StringId, StringId> stwNames_;
};

}  // namespace gotrace::v1
