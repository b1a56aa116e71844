#include "v2/generation_pipeline.h"

namespace gotrace::v2 {

GenerationPipeline::GenerationPipeline(Input& input, int versionMinor, EventBlockPool& blocks)
    : input_(input), versionMinor_(versionMinor), loader_(input, versionMinor), blocks_(blocks) {
  worker_ = std::thread([this] { run(); });
}

GenerationPipeline::~GenerationPipeline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.store(true, std::memory_order_relaxed);
  changed_.notify_all();
  worker_.join();
}

LoadedGeneration GenerationPipeline::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return handOver_.has_value(); });
  LoadedGeneration out = std::move(*handOver_);
  handOver_.reset();
  lock.unlock();
  changed_.notify_all();
  return out;
}

bool GenerationPipeline::load(LoadedGeneration& out, bool first) {
  try {
    if (versionMinor_ >= 26) {
      out.gen = loader_.readGeneration();
      out.end = !out.gen;
      return !out.end;
    }
    // Go 1.22-1.25: a generation ends where the next one's first batch
    // appears; without such a batch the trace is over.
    if (!first && !loader_.hasSpill()) {
      out.end = true;
      return false;
    }
    GenerationLoader::Partial partial = loader_.readGenerationWithSpill();
    out.gen = std::move(partial.gen);
    out.readError = std::move(partial.readError);
    return !out.readError;
  } catch (const Error& e) {
    out.loadError = e;
    return false;
  }
}

void GenerationPipeline::run() {
  for (size_t k = 0;; k++) {
    LoadedGeneration loaded;
    const bool more = load(loaded, k == 0);
    Generation* gen = loaded.gen.get();
    DecodedGeneration* decoded = nullptr;
    if (gen) {
      loaded.decoded = std::make_unique<DecodedGeneration>(*gen, blocks_);
      decoded = loaded.decoded.get();
    }
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      handOver_ = std::move(loaded);
    }
    changed_.notify_all();
    // The reader may start on it while it is decoded. (It owns the
    // generation now; it lets go of it only after taking the next one.)
    if (decoded) decoded->decode(*gen, stop_);
    if (!more) return;
    // Wait until the reader has taken it, and so is done with the one before.
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopping_ || !handOver_.has_value(); });
    if (stopping_) return;
    lock.unlock();
    input_.releaseBefore(gen->inputStart);
  }
}

}  // namespace gotrace::v2
