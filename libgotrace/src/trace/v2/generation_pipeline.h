// Loading and decoding generations on a second core, ahead of the ordering:
// while the reader orders generation N, the pipeline's worker loads N+1
// (its batches, strings, stacks and samples) and decodes its events. The
// worker hands N+1 over as soon as it is loaded and then decodes it, so the
// reader can start on it before it is fully decoded; it loads N+2 only once
// the reader has moved on to N+1. Loading errors are handed over in the
// order the generations come, so they surface exactly where they did when
// loading was inline.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "gotrace/base/error.h"
#include "gotrace/io/input.h"
#include "v2/decoded_events.h"
#include "v2/generation.h"

namespace gotrace::v2 {

struct LoadedGeneration {
  std::unique_ptr<Generation> gen;  // null at the end or with `loadError`
  std::unique_ptr<DecodedGeneration> decoded;
  bool end = false;                 // the trace has no more generations
  std::optional<Error> loadError;   // loading failed: nothing of this generation came
  std::optional<Error> readError;   // Go 1.22-1.25: reading failed after this (partial) generation
};

class GenerationPipeline {
 public:
  // Starts the worker on `input`, positioned after the trace header; the
  // input must outlive the pipeline and is used only by the worker, as must
  // `blocks`, where decoded events go.
  GenerationPipeline(Input& input, int versionMinor, EventBlockPool& blocks);
  ~GenerationPipeline();
  GenerationPipeline(const GenerationPipeline&) = delete;
  GenerationPipeline& operator=(const GenerationPipeline&) = delete;

  // The next generation, waiting for it to be loaded. The caller is done
  // with the one it had before. After `end` or an error nothing follows.
  LoadedGeneration next();

 private:
  void run();
  // Loads the next generation as the inline reader did; false when nothing
  // may follow it.
  bool load(LoadedGeneration& out, bool first);

  Input& input_;
  int versionMinor_;
  GenerationLoader loader_;
  EventBlockPool& blocks_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<LoadedGeneration> handOver_;  // loaded, not yet taken by the reader
  bool stopping_ = false;
  std::atomic<bool> stop_{false};  // also read by the decoder between chunks
  std::thread worker_;
};

}  // namespace gotrace::v2
