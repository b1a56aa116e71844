// Decoding a generation's events on a second core while the first orders
// them: a worker thread walks every thread's batches (round robin, a chunk
// at a time) into arrays of decoded events; the ordering reads them in each
// thread's order and waits only if it catches up with the worker. Errors
// are kept at the position where decoding failed and raised there, so the
// events and errors come out exactly as when decoding inline.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "gotrace/base/error.h"
#include "v2/batch_cursor.h"
#include "v2/generation.h"

namespace gotrace::v2 {

struct FreeEvents {
  size_t capacity;
  void operator()(WireEvent* p) const { std::allocator<WireEvent>().deallocate(p, capacity); }
};

struct DecodedStream {
  // Raw storage for `capacity` events, written by the worker as it goes (not
  // initialized up front: it is sized for the worst case, and pages never
  // written are never touched).
  std::unique_ptr<WireEvent, FreeEvents> events{nullptr, FreeEvents{0}};
  size_t capacity = 0;
  std::atomic<size_t> ready{0};  // events[0, ready) are decoded
  std::atomic<bool> done{false};
  std::optional<Error> error;  // set before `done`: decoding stopped at events[ready]
};

class DecodeAhead {
 public:
  // Starts decoding `g`, which must outlive this object.
  explicit DecodeAhead(const Generation& g);
  ~DecodeAhead();
  DecodeAhead(const DecodeAhead&) = delete;
  DecodeAhead& operator=(const DecodeAhead&) = delete;

  DecodedStream& stream(size_t m) { return streams_[m]; }

 private:
  void run();

  const Generation& gen_;
  std::unique_ptr<DecodedStream[]> streams_;
  std::atomic<bool> stop_{false};
  std::thread worker_;
};

// Reads one thread's decoded events in order.
class DecodedCursor {
 public:
  DecodedCursor(DecodedStream* s, int64_t m) : s_(s), m_(m) {}

  int64_t m() const { return m_; }
  const WireEvent& event() const { return s_->events.get()[pos_]; }
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
