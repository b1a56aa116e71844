#include "v2/decode_ahead.h"

#include <memory>

namespace gotrace::v2 {

DecodeAhead::DecodeAhead(const Generation& g) : gen_(g), streams_(new DecodedStream[g.ms.size()]) {
  for (size_t i = 0; i < g.ms.size(); i++) {
    // Every timed event takes two bytes at least (type and time delta).
    size_t bytes = 0;
    for (const Batch& b : g.batchesByM[i]) bytes += b.data.size();
    DecodedStream& s = streams_[i];
    s.capacity = bytes / 2 + 1;
    s.events = std::unique_ptr<WireEvent, FreeEvents>(std::allocator<WireEvent>().allocate(s.capacity),
                                                      FreeEvents{s.capacity});
  }
  worker_ = std::thread([this] { run(); });
}

DecodeAhead::~DecodeAhead() {
  stop_.store(true, std::memory_order_relaxed);
  worker_.join();
}

void DecodeAhead::run() {
  constexpr size_t kChunk = 4096;
  const size_t n = gen_.ms.size();
  std::vector<BatchCursor> cursors;
  cursors.reserve(n);
  for (size_t i = 0; i < n; i++) cursors.emplace_back(&gen_.batchesByM[i], gen_.ms[i]);
  size_t open = n;
  while (open > 0 && !stop_.load(std::memory_order_relaxed)) {
    for (size_t i = 0; i < n; i++) {
      DecodedStream& s = streams_[i];
      if (s.done.load(std::memory_order_relaxed)) continue;
      size_t have = s.ready.load(std::memory_order_relaxed);
      bool finished = false;
      try {
        for (size_t k = 0; k < kChunk; k++) {
          if (!cursors[i].next(gen_)) {
            finished = true;
            break;
          }
          std::construct_at(s.events.get() + have++, cursors[i].event());
        }
      } catch (const Error& e) {
        s.error = e;
        finished = true;
      }
      s.ready.store(have, std::memory_order_release);
      if (finished) {
        s.done.store(true, std::memory_order_release);
        open--;
      }
    }
  }
}

bool DecodedCursor::refresh() {
  for (;;) {
    readyCache_ = s_->ready.load(std::memory_order_acquire);
    if (pos_ < readyCache_) return true;
    if (s_->done.load(std::memory_order_acquire)) {
      readyCache_ = s_->ready.load(std::memory_order_acquire);
      if (pos_ < readyCache_) return true;
      if (s_->error) throw *s_->error;
      return false;
    }
    std::this_thread::yield();
  }
}

}  // namespace gotrace::v2
