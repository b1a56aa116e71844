// The generations of a v2 trace, loaded and decoded ahead of the ordering:
// while the reader orders generation N, a worker thread loads N+1 (its
// batches, strings, stacks and samples) and decodes its events. The worker
// hands N+1 over as soon as it is loaded and then decodes it, so the reader
// can start on it before it is fully decoded; it loads N+2 only once the
// reader has moved on to N+1. Loading errors are handed over in the order
// the generations come, so they surface exactly where they did when loading
// was inline. With one thread the same work is done inline, on demand.
//
// With a time window, generations wholly before it are loaded (a few ns an
// event: strings and stacks) but neither decoded nor ordered, except the
// one just before the window's first, whose ordering gives the state the
// window starts from; generations after the window are not read at all.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "gotrace/base/error.h"
#include "gotrace/io/input.h"
#include "gotrace/trace/trace_reader.h"
#include "v2/decoded_events.h"
#include "v2/generation.h"

namespace gotrace::v2 {

struct LoadedGeneration {
  std::unique_ptr<Generation> gen;  // null at the end or with `loadError`
  std::unique_ptr<DecodedGeneration> decoded;
  uint64_t ordinal = 0;             // 1 for the trace's first generation
  bool silent = false;              // ordered for its state only: its events are not returned
  bool end = false;                 // the trace has no more generations
  bool windowEnd = false;           // with `end`: the window ended, the trace goes on
  std::optional<Error> loadError;   // loading failed: nothing of this generation came
  std::optional<Error> readError;   // Go 1.22-1.25: reading failed after this (partial) generation
  // The first generation handed over carries the time of the trace's first
  // event (its first generation's start), which windows count from.
  std::optional<int64_t> traceStart;
};

class GenerationPipeline {
 public:
  // Reads `input`, positioned after the trace header; the input must outlive
  // the pipeline and is used only by it, as must `blocks`, where decoded
  // events go. With `options.threads` other than 1, a worker thread does the
  // work ahead.
  GenerationPipeline(Input& input, int versionMinor, EventBlockPool& blocks, const ReadOptions& options);
  ~GenerationPipeline();
  GenerationPipeline(const GenerationPipeline&) = delete;
  GenerationPipeline& operator=(const GenerationPipeline&) = delete;

  // The next generation, waiting for it to be loaded. The caller is done
  // with the one it had before. After `end` or an error nothing follows.
  LoadedGeneration next();

 private:
  void run();
  // The next generation to hand over, the window applied; not decoded.
  LoadedGeneration nextInWindow();
  // A window time, nanoseconds from the trace's first event, as a time.
  int64_t windowTime(int64_t offset) const;
  // Loads the next generation of the trace as the inline reader did.
  LoadedGeneration load();
  // Nothing may follow `g`.
  static bool last(const LoadedGeneration& g) { return !g.gen || g.end || g.loadError || g.readError; }
  // The input before the oldest generation still in use is given back.
  void releaseInput(const Generation* readerHas);

  Input& input_;
  int versionMinor_;
  GenerationLoader loader_;
  EventBlockPool& blocks_;
  ReadOptions options_;

  // Window state: generations loaded but not yet handed over, oldest first.
  std::deque<LoadedGeneration> ahead_;
  uint64_t loaded_ = 0;       // generations loaded so far
  bool handedAny_ = false;
  bool finished_ = false;     // the last result was handed over
  std::optional<int64_t> traceStart_;
  const Generation* readerHas_ = nullptr;  // the generation the reader orders (inline mode)

  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<LoadedGeneration> handOver_;  // loaded, not yet taken by the reader
  bool stopping_ = false;
  std::atomic<bool> stop_{false};  // also read by the decoder between chunks
  std::thread worker_;
};

}  // namespace gotrace::v2
