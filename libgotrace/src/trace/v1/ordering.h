// Ordering and validating a whole v1 trace in one pass, and reading the
// order back. (Go's rules: spec section 2.6 and 2.7; reference_order.h is the
// plain implementation of the same.)
//
// The merge takes at most one event per stream (a proc's batches, or the
// sorted CPU samples) into its frontier, so each stream's events come out in
// stream order: the order only needs to say, for each event, which stream
// it came from. EventOrder stores that in one byte per event (two when a
// trace has more than 127 procs), plus one flag bit whose meaning depends on
// the event's type. The exception is a blocking syscall's exit, which Go
// moves back to the time the syscall really returned: such exits are kept in
// a side list, sorted by that time, and read back in their place.
//
// Validation runs in the same pass, as events leave the merge, instead of in
// a second pass over the final order. The two orders differ only where an
// exit moved back past other events, and validating in merge order gives the
// same result when none of the events it moved past looks at or changes the
// exiting goroutine (the validator's other state is untouched by an exit).
// The merge checks exactly that (Validator::touchedSinceSyscallBlock), and
// that the final order is the plain sort by time it assumes. When a check
// fails, or validation fails (the error message needs the final order and
// times), the result says so and the reader redoes the trace with the
// reference implementation, which is exact by construction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "v1/batch_decoder.h"
#include "v1/trace_data.h"

namespace gotrace::v1 {

class EventOrder {
 public:
  // A syscall exit moved to when the syscall returned.
  struct MovedExit {
    int64_t ts;  // ticks
    uint64_t g;
    uint64_t offset;
  };

  void reset(size_t streams, size_t expectedEvents);

  // Appends the next event of the merge, which came from `stream`.
  void append(uint32_t stream) {
    if (wide_) {
      bytes_.push_back(uint8_t(stream));
      bytes_.push_back(uint8_t(stream >> 8));
    } else {
      bytes_.push_back(uint8_t(stream));
    }
  }
  // The flag bit: a GoSysCall that blocked, a GoUnblock by the network
  // poller, a GoSysExit that moved (it is in moved()).
  void setFlag(uint64_t i) {
    if (wide_) {
      bytes_[2 * i + 1] |= 0x80;
    } else {
      bytes_[i] |= 0x80;
    }
  }

  uint64_t size() const { return wide_ ? bytes_.size() / 2 : bytes_.size(); }
  uint32_t stream(uint64_t i) const {
    return wide_ ? (uint32_t(bytes_[2 * i]) | uint32_t(bytes_[2 * i + 1] & 0x7f) << 8) : uint32_t(bytes_[i] & 0x7f);
  }
  bool flag(uint64_t i) const { return (wide_ ? bytes_[2 * i + 1] : bytes_[i]) & 0x80; }

  std::vector<MovedExit>& moved() { return moved_; }
  const std::vector<MovedExit>& moved() const { return moved_; }

  // Ticks of the first event of the final order.
  int64_t minTicks() const { return minTicks_; }
  void setMinTicks(int64_t t) { minTicks_ = t; }

  static constexpr uint32_t kMaxStreams = 1u << 15;

 private:
  std::vector<uint8_t> bytes_;
  bool wide_ = false;
  std::vector<MovedExit> moved_;  // in final order: by time, then as merged
  int64_t minTicks_ = 0;
};

struct MergeResult {
  EventOrder order;
  // The merge validated the trace and proved the result the same as Go's
  // second pass would give. False: the reference implementation decides.
  bool validated = false;
};

// Orders every event of the trace (reading batches fills the string and
// stack tables as it goes) and validates the order. Throws Error with Go's
// message for errors of reading and ordering.
// Told (events merged, events in all) now and then, for a progress line.
using MergeProgress = std::function<void(uint64_t merged, uint64_t total)>;
MergeResult mergeAndValidate(TraceData& t, const MergeProgress& progress = nullptr);

// Reads an order back: events in their final order, with ticks, types and
// procs as decoded (MergeResult's flag bit alongside).
class OrderReader {
 public:
  OrderReader(TraceData& t, const EventOrder& order);
  ~OrderReader();

  bool next(Event& ev, bool& flag);
  // Events handed out so far.
  uint64_t position() const { return pos_; }

 private:
  struct Stream;
  void fill(Stream& s);

  TraceData& t_;
  const EventOrder& order_;
  BatchDecoder decoder_;
  std::vector<Stream> streams_;
  uint64_t pos_ = 0;
  size_t moved_ = 0;
};

}  // namespace gotrace::v1
