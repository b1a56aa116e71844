#include "v2/decoded_events.h"

#include <thread>

namespace gotrace::v2 {

WireEvent* EventBlockPool::take() {
  std::lock_guard lock(mutex_);
  if (free_.empty()) {
    all_.push_back(std::make_unique<WireEvent[]>(kBlockEvents));
    return all_.back().get();
  }
  WireEvent* block = free_.back();
  free_.pop_back();
  return block;
}

void EventBlockPool::give(WireEvent* block) {
  std::lock_guard lock(mutex_);
  free_.push_back(block);
}

EventBlockPool::~EventBlockPool() = default;

DecodedGeneration::DecodedGeneration(const Generation& g, EventBlockPool& pool)
    : pool_(pool), streams_(std::make_unique<DecodedStream[]>(g.ms.size())), count_(g.ms.size()) {
  for (size_t i = 0; i < count_; i++) {
    // Every timed event takes two bytes at least (type and time delta).
    size_t bytes = 0;
    for (const Batch& b : g.batchesByM[i]) bytes += b.data.size();
    const size_t capacity = bytes / 2 + 1;
    DecodedStream& s = streams_[i];
    s.blockCount = (capacity >> EventBlockPool::kShift) + 1;
    s.blocks = std::make_unique<WireEvent*[]>(s.blockCount);  // all null
  }
}

DecodedGeneration::~DecodedGeneration() {
  for (size_t i = 0; i < count_; i++) {
    const DecodedStream& s = streams_[i];
    for (size_t b = 0; b < s.blockCount && s.blocks[b]; b++) pool_.give(s.blocks[b]);
  }
}

void DecodedGeneration::decode(const Generation& g, const std::atomic<bool>& stop) {
  constexpr size_t kChunk = 4096;
  std::vector<BatchCursor> cursors;
  cursors.reserve(count_);
  for (size_t i = 0; i < count_; i++) cursors.emplace_back(&g.batchesByM[i], g.ms[i]);
  size_t open = count_;
  while (open > 0 && !stop.load(std::memory_order_relaxed)) {
    for (size_t i = 0; i < count_; i++) {
      DecodedStream& s = streams_[i];
      if (s.done.load(std::memory_order_relaxed)) continue;
      size_t have = s.ready.load(std::memory_order_relaxed);
      bool finished = false;
      try {
        for (size_t k = 0; k < kChunk; k++) {
          if (!cursors[i].next(g)) {
            finished = true;
            break;
          }
          WireEvent*& block = s.blocks[have >> EventBlockPool::kShift];
          if (!block) block = pool_.take();
          block[have & (EventBlockPool::kBlockEvents - 1)] = cursors[i].event();
          have++;
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
