// The reference implementation of ordering and validating a v1 trace, as
// straightforward as Go's own description: batches are decoded as the merge
// needs them, the order is kept as 16 bytes per event, and validation is a
// second pass over it. The v1 reader's fast path (ordering.h) falls back to
// it when it cannot prove that it gives the same events, order and error
// (damaged or odd traces), and tests compare the two.
//
// Merging follows Go's v1 parser: a goroutine state machine with sequence
// numbers decides which events are ready, timestamps pick among them; then
// the timestamp checks and the correction of blocking-syscall exits.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "v1/trace_data.h"

namespace gotrace::v1::reference {

// One event of the ordered trace in 16 bytes: its time and where it is.
struct OrderedEvent {
  int64_t ts;  // ticks
  uint64_t ref;

  static constexpr uint64_t kPosBits = 44;
  static constexpr uint64_t kPosMask = (uint64_t(1) << kPosBits) - 1;
  static constexpr uint32_t kSampleProc = 0xffff;  // proc index of CPU samples
  static constexpr uint64_t kBlockedSyscall = uint64_t(1) << 60;
  static constexpr uint64_t kNetpollUnblock = uint64_t(1) << 61;

  static OrderedEvent make(int64_t ts, uint64_t pos, uint32_t proc) {
    return OrderedEvent{ts, (pos & kPosMask) | uint64_t(proc & 0xffff) << kPosBits};
  }
  uint64_t pos() const { return ref & kPosMask; }  // data position, or CPU sample index
  uint32_t proc() const { return uint32_t(ref >> kPosBits) & 0xffff; }
  bool isSample() const { return proc() == kSampleProc; }
  bool has(uint64_t flag) const { return (ref & flag) != 0; }
  void set(uint64_t flag) { ref |= flag; }
};
static_assert(sizeof(OrderedEvent) == 16);

// Orders every event of the trace (reading batches fills the string and stack
// tables as it goes). Throws Error with Go's messages.
std::vector<OrderedEvent> orderEvents(TraceData& t);

// Go's validation pass over the order (throws Error with Go's message); marks
// blocking syscalls and network unblocks in `order`.
void validateOrder(TraceData& t, std::vector<OrderedEvent>& order);

// Reads ordered events back in order, as Go's parser hands them on: times in
// nanoseconds since the first event, "Local" variants renamed, and timer
// unblocks, syscall exits, GC starts and network unblocks moved to their
// special procs.
class OrderedEventReader {
 public:
  OrderedEventReader(TraceData& t, const std::vector<OrderedEvent>& order);

  void read(const OrderedEvent& oe, Event& out);

  // Nanoseconds since the first event.
  int64_t nanos(int64_t ticks) const;
  int64_t minTicks() const { return minTicks_; }

 private:
  TraceData& t_;
  EventDecoder decoder_;
  int64_t minTicks_ = 0;
  double nsPerTick_ = 0;
};

}  // namespace gotrace::v1::reference
