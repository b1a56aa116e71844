#include "v2/generation_pipeline.h"

#include <limits>

namespace gotrace::v2 {

GenerationPipeline::GenerationPipeline(Input& input, int versionMinor, EventBlockPool& blocks,
                                       const ReadOptions& options)
    : input_(input), versionMinor_(versionMinor), loader_(input, versionMinor), blocks_(blocks), options_(options) {
  if (options_.threads != 1) worker_ = std::thread([this] { run(); });
}

GenerationPipeline::~GenerationPipeline() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.store(true, std::memory_order_relaxed);
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

LoadedGeneration GenerationPipeline::next() {
  if (!worker_.joinable()) {
    // Inline: the reader is done with the generation it had.
    releaseInput(nullptr);
    LoadedGeneration out = nextInWindow();
    if (out.gen) {
      out.decoded = std::make_unique<DecodedGeneration>(*out.gen, blocks_);
      out.decoded->decode(*out.gen, stop_);
    }
    readerHas_ = out.gen.get();
    return out;
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return handOver_.has_value(); });
  LoadedGeneration out = std::move(*handOver_);
  handOver_.reset();
  lock.unlock();
  changed_.notify_all();
  return out;
}

LoadedGeneration GenerationPipeline::load() {
  LoadedGeneration out;
  try {
    if (versionMinor_ >= 26) {
      out.gen = loader_.readGeneration();
      out.end = !out.gen;
    } else if (loaded_ > 0 && !loader_.hasSpill()) {
      // Go 1.22-1.25: a generation ends where the next one's first batch
      // appears; without such a batch the trace is over.
      out.end = true;
    } else {
      GenerationLoader::Partial partial = loader_.readGenerationWithSpill();
      out.gen = std::move(partial.gen);
      out.readError = std::move(partial.readError);
    }
  } catch (const Error& e) {
    out.gen.reset();
    out.loadError = e;
  }
  if (out.gen) {
    out.ordinal = ++loaded_;
    if (!traceStart_) traceStart_ = out.gen->toNs(out.gen->minTs);
  }
  return out;
}

int64_t GenerationPipeline::windowTime(int64_t offset) const {
  // Windows count from the trace's first event, its first generation's
  // start. Saturating: a window beyond the trace is just empty.
  const int64_t start = traceStart_.value_or(0);
  return start > 0 && offset > std::numeric_limits<int64_t>::max() - start ? std::numeric_limits<int64_t>::max() : start + offset;
}

LoadedGeneration GenerationPipeline::nextInWindow() {
  auto startOf = [](const LoadedGeneration& g) { return g.gen->toNs(g.gen->minTs); };
  const bool first = !handedAny_;
  handedAny_ = true;
  LoadedGeneration g;
  if (!options_.windowed()) {
    g = load();
  } else {
    if (first) {
      // Generation i is needed only if i+2 does not start before the window
      // does (then i+1 at least overlaps it, and i gives its state).
      for (;;) {
        while (ahead_.size() < 3 && (ahead_.empty() || !last(ahead_.back()))) ahead_.push_back(load());
        if (ahead_.size() < 3 || last(ahead_[2]) || startOf(ahead_[2]) > windowTime(options_.startNs)) break;
        ahead_.pop_front();
        releaseInput(nullptr);
      }
    }
    if (ahead_.empty()) ahead_.push_back(load());
    g = std::move(ahead_.front());
    ahead_.pop_front();
    if (first && g.gen && !ahead_.empty() && ahead_.front().gen &&
        startOf(ahead_.front()) <= windowTime(options_.startNs)) {
      g.silent = true;  // the generation before the window's first: for its state
    }
    if (g.gen && !g.silent && startOf(g) > windowTime(options_.endNs)) {
      // Past the window: the trace is not read further.
      g = LoadedGeneration();
      g.end = g.windowEnd = true;
    }
  }
  if (first) g.traceStart = traceStart_;
  finished_ = last(g);
  return g;
}

void GenerationPipeline::releaseInput(const Generation* readerHas) {
  uint64_t keep = std::numeric_limits<uint64_t>::max();
  if (readerHas) keep = readerHas->inputStart;
  for (const LoadedGeneration& g : ahead_) {
    if (g.gen) keep = std::min(keep, g.gen->inputStart);
  }
  if (keep == std::numeric_limits<uint64_t>::max()) keep = input_.offset();
  input_.releaseBefore(keep);
}

void GenerationPipeline::run() {
  for (;;) {
    LoadedGeneration loaded = nextInWindow();
    Generation* gen = loaded.gen.get();
    DecodedGeneration* decoded = nullptr;
    if (gen) {
      loaded.decoded = std::make_unique<DecodedGeneration>(*gen, blocks_);
      decoded = loaded.decoded.get();
    }
    const bool more = !finished_;
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
    releaseInput(gen);
  }
}

}  // namespace gotrace::v2
