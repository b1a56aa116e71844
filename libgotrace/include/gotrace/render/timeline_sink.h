// Writers of timelines: tracks holding nested slices, instants and counters,
// joined by flow arrows. Perfetto's protobuf format and the Trace Event
// Format (JSON) both implement it (perfetto_sink.h, trace_event_json_sink.h);
// timeline_export.h fills it from a trace.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace gotrace {

class OutputBuffer;

// A name or string value. `key` identifies the text among all texts given
// to one sink (0: not worth remembering), so writers that intern strings can
// send each one once.
struct TimelineText {
  uint64_t key = 0;
  std::string_view text;
};

struct TimelineArg {
  std::string_view name;
  TimelineText str;    // when !isNumber
  int64_t number = 0;  // when isNumber
  bool isNumber = false;
};

enum class CounterUnit : uint8_t { Count, Bytes };

// One frame of a call stack. `key` identifies the frame among all frames
// given to one sink; `function` and `file` are texts as above.
struct TimelineFrame {
  uint64_t key = 0;
  TimelineText function;
  TimelineText file;
  int64_t line = 0;
};

// Where a sink finds the frames of a call stack the first time it needs them.
class TimelineStackSource {
 public:
  virtual ~TimelineStackSource() = default;
  // Appends the frames of stack `key` to `out`, root first.
  virtual void frames(uint64_t key, std::vector<TimelineFrame>& out) const = 0;
};

// A call stack attached to a slice: `key` (0: none) identifies it among all
// stacks given to one sink, `source` lists its frames.
struct TimelineStack {
  uint64_t key = 0;
  const TimelineStackSource* source = nullptr;
};

// How a track's events arrive: TimeOrdered tracks get every event at or
// after the previous one's time, so a writer may delta-encode their times.
enum class TrackOrder : uint8_t { Any, TimeOrdered };

class TimelineSink {
 public:
  virtual ~TimelineSink() = default;
  // Declarations come before a track's first event. Times are nanoseconds.
  virtual void process(uint64_t uuid, std::string_view name) = 0;
  virtual void track(uint64_t uuid, uint64_t parent, std::string_view name, int32_t rank,
                     TrackOrder order = TrackOrder::Any) = 0;
  virtual void counterTrack(uint64_t uuid, uint64_t parent, std::string_view name, CounterUnit unit,
                            TrackOrder order = TrackOrder::Any) = 0;
  // `flowsOut` start arrows at this slice; `flowsIn` end arrows here;
  // `stack` is the call stack the slice stands for.
  virtual void begin(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args = {},
                     std::span<const uint64_t> flowsOut = {}, std::span<const uint64_t> flowsIn = {},
                     TimelineStack stack = {}) = 0;
  virtual void end(uint64_t track, int64_t time) = 0;
  virtual void instant(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args = {},
                       TimelineStack stack = {}) = 0;
  virtual void counter(uint64_t track, int64_t time, int64_t value) = 0;
  virtual void finish() = 0;
};

}  // namespace gotrace
