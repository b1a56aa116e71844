// Writers of timelines: tracks holding nested slices, instants and counters,
// joined by flow arrows. Perfetto's protobuf format and the Trace Event
// Format (JSON) both implement it (perfetto_sink.h, trace_event_json_sink.h);
// timeline_export.h fills it from a trace.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

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

class TimelineSink {
 public:
  virtual ~TimelineSink() = default;
  // Declarations come before a track's first event. Times are nanoseconds.
  virtual void process(uint64_t uuid, std::string_view name) = 0;
  virtual void track(uint64_t uuid, uint64_t parent, std::string_view name, int32_t rank) = 0;
  virtual void counterTrack(uint64_t uuid, uint64_t parent, std::string_view name, CounterUnit unit) = 0;
  // `flowsOut` start arrows at this slice; `flowsIn` end arrows here.
  virtual void begin(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args = {},
                     std::span<const uint64_t> flowsOut = {}, std::span<const uint64_t> flowsIn = {}) = 0;
  virtual void end(uint64_t track, int64_t time) = 0;
  virtual void instant(uint64_t track, int64_t time, TimelineText name, std::span<const TimelineArg> args = {}) = 0;
  virtual void counter(uint64_t track, int64_t time, int64_t value) = 0;
  virtual void finish() = 0;
};

}  // namespace gotrace
