// Walks the event batches of one thread (M) of a generation, decoding one
// timed event ahead.
#pragma once

#include <cstdint>
#include <vector>

#include "v2/generation.h"
#include "v2/wire_spec.h"

namespace gotrace::v2 {

// A decoded timed event, before ordering.
struct WireEvent {
  uint8_t type = 0;
  int64_t time = 0;  // nanoseconds
  uint64_t args[kMaxArgs] = {0, 0, 0, 0};
  uint64_t offset = 0;  // input offset of the event's first byte
};

class BatchCursor {
 public:
  explicit BatchCursor(const std::vector<Batch>* batches, int64_t m) : batches_(batches), m_(m) {}

  int64_t m() const { return m_; }
  const WireEvent& event() const { return ev_; }

  // Decodes the next event; false when the thread has no more events.
  bool next(const Generation& g);

 private:
  const std::vector<Batch>* batches_;
  int64_t m_;
  size_t batch_ = 0;
  size_t pos_ = 0;
  int64_t lastTs_ = 0;
  WireEvent ev_;
};

}  // namespace gotrace::v2
