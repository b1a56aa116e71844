// A generation's timed events, decoded per thread (M) into arrays by one
// thread while another reads them in each M's order: the reader waits only
// if it catches up with the decoder. Errors are kept at the position where
// decoding failed and raised there, so events and errors come out exactly
// as when decoding inline.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "gotrace/base/error.h"
#include "v2/batch_cursor.h"
#include "v2/generation.h"

namespace gotrace::v2 {

// Blocks of decoded events, reused from generation to generation (their
// pages are faulted in once) and shared by the decoder, which takes them,
// and the reader, whose finished generations give them back.
class EventBlockPool {
 public:
  static constexpr size_t kShift = 12;
  static constexpr size_t kBlockEvents = size_t(1) << kShift;

  WireEvent* take();
  void give(WireEvent* block);
  ~EventBlockPool();

 private:
  std::mutex mutex_;
  std::vector<WireEvent*> free_;
  std::vector<std::unique_ptr<WireEvent[]>> all_;
};

struct DecodedStream {
  // Block b holds events [b * kBlockEvents, (b + 1) * kBlockEvents); the
  // table is sized for the worst case up front, so it never moves while
  // the reader looks into it.
  std::unique_ptr<WireEvent*[]> blocks;
  size_t blockCount = 0;
  std::atomic<size_t> ready{0};  // events [0, ready) are decoded
  std::atomic<bool> done{false};
  std::optional<Error> error;  // set before `done`: decoding stopped at event `ready`

  const WireEvent& at(size_t i) const {
    return blocks[i >> EventBlockPool::kShift][i & (EventBlockPool::kBlockEvents - 1)];
  }
};

// The streams of one generation, one per M (in Generation::ms order).
class DecodedGeneration {
 public:
  // Blocks come from `pool`, which must outlive this object.
  DecodedGeneration(const Generation& g, EventBlockPool& pool);
  ~DecodedGeneration();
  DecodedGeneration(const DecodedGeneration&) = delete;
  DecodedGeneration& operator=(const DecodedGeneration&) = delete;

  DecodedStream& stream(size_t m) { return streams_[m]; }
  size_t size() const { return count_; }

  // Decodes every event (round robin over the Ms, a chunk at a time, so a
  // reader of any M is served early). Returns early when `stop` is set.
  void decode(const Generation& g, const std::atomic<bool>& stop);

 private:
  EventBlockPool& pool_;
  std::unique_ptr<DecodedStream[]> streams_;
  size_t count_;
};

// Reads one M's decoded events in order.
class DecodedCursor {
 public:
  DecodedCursor(DecodedStream* s, int64_t m) : s_(s), m_(m) {}

  int64_t m() const { return m_; }
  const WireEvent& event() const { return s_->at(pos_); }
  // The current event's time, kept here: the frontier heap compares it often.
  int64_t time() const { return time_; }

  // Moves to the first event / the next one; false when there are no more.
  // Throws the decoding error found at that position.
  bool first() { return wait(); }
  bool next() {
    pos_++;
    return wait();
  }

 private:
  bool wait() {
    if (pos_ < readyCache_ || refresh()) {
      time_ = event().time;
      return true;
    }
    return false;
  }
  bool refresh();

  DecodedStream* s_;
  int64_t m_;
  size_t pos_ = 0;
  size_t readyCache_ = 0;  // a known-published count: no atomic load below it
  int64_t time_ = 0;
};

}  // namespace gotrace::v2
