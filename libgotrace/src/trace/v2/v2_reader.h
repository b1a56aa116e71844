// The v2 trace reader (Go 1.22-1.26): loads one generation at a time, merges
// the per-thread batches in Go's order and yields model events.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "gotrace/base/min_heap.h"
#include "gotrace/trace/trace_reader.h"
#include "v2/batch_cursor.h"
#include "v2/decoded_events.h"
#include "v2/generation.h"
#include "v2/generation_pipeline.h"
#include "v2/ordering.h"
#include "v2/table_resolver.h"

namespace gotrace::v2 {

class V2Reader final : public TraceReader {
 public:
  V2Reader(Input input, TraceVersion version, const ReadOptions& options);

  std::span<const ExperimentalBatch> experimentalBatches() const override { return experimental_; }
  std::optional<ByteRange> generationBytes() const override {
    if (!gen_) return std::nullopt;
    return ByteRange{gen_->bytesBegin, gen_->bytesEnd};
  }

 protected:
  bool readNext(Event& ev) override;
  size_t readBatch(std::span<Event> out) override;
  // The input read up to the end of the generation being ordered.
  uint64_t bytePosition() const override { return position_; }

 private:
  // The most events one step writes.
  static constexpr size_t kMaxStep = Ordering::kMaxEventsPerAdvance;

  // Writes the next events (one step: a Sync, a CPU sample, or what one
  // wire event stands for) at `out`, with Go's timestamp fix-up; returns
  // how many, 0 at the end. Marks the reader failed on an error.
  size_t step(Event* out);
  // The same before the fix-up.
  size_t produce(Event* out);
  // Called when the current generation is used up: loads the next one and
  // yields its Sync event (or the final Sync, or a Sync before an error);
  // none (0) when a window has ended.
  size_t nextGeneration(Event& ev);
  void install(LoadedGeneration loaded, Event& ev);
  void makeSync(Event& ev, int64_t time, const Generation* withSnapshot);
  void sampleEvent(Event& ev);
  size_t tryAdvance(size_t i, Event* out);


  Input input_;
  TableResolver resolver_;
  Ordering ordering_;

  EventBlockPool blocks_;  // outlives the decoded generations that use it
  std::unique_ptr<Generation> gen_;
  std::unique_ptr<DecodedGeneration> decoded_;
  // Declared after what its worker writes into: stops before those go.
  std::unique_ptr<GenerationPipeline> pipeline_;
  std::vector<DecodedCursor> cursors_;
  // The frontier: cursors by their next event's time, in a heap kept
  // exactly like Go's so that equal times tie-break alike.
  struct EarlierCursor {
    bool operator()(const DecodedCursor* a, const DecodedCursor* b) const { return a->time() < b->time(); }
  };
  MinHeap<DecodedCursor*, EarlierCursor> frontier_;
  size_t nextSample_ = 0;
  std::vector<ExperimentalBatch> experimental_;

  // The current generation is ordered for its state only (the one before a
  // window): its events are not returned.
  bool silent_ = false;
  bool producedSilently_ = false;  // what produce() wrote last belongs to such a generation

  // Events of a step that next() has not returned yet.
  Event pending_[kMaxStep];
  size_t pendingHead_ = 0, pendingCount_ = 0;

  uint64_t position_ = 0;
  int64_t lastTs_ = 0;
  uint64_t syncs_ = 0;
  bool done_ = false;
  std::optional<Error> failed_;
  // Go 1.26: an error hit while loading a generation, reported after a Sync.
  std::optional<Error> loadError_;
  // Go 1.22-1.25: a read error after a partial generation, and whether the
  // Sync preceding it has been returned.
  std::optional<Error> spillError_;
  bool spillErrorSynced_ = false;
};

}  // namespace gotrace::v2
