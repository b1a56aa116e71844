// The v2 wire format's event table (Go 1.22-1.26): names, arguments, and
// which arguments are stack or string ids.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gotrace/trace/event.h"

namespace gotrace::v2 {

enum EventType : uint8_t {
  EvNone = 0,
  EvEventBatch = 1,
  EvStacks = 2,
  EvStack = 3,
  EvStrings = 4,
  EvString = 5,
  EvCPUSamples = 6,
  EvCPUSample = 7,
  EvFrequency = 8,
  EvProcsChange = 9,
  EvProcStart = 10,
  EvProcStop = 11,
  EvProcSteal = 12,
  EvProcStatus = 13,
  EvGoCreate = 14,
  EvGoCreateSyscall = 15,
  EvGoStart = 16,
  EvGoDestroy = 17,
  EvGoDestroySyscall = 18,
  EvGoStop = 19,
  EvGoBlock = 20,
  EvGoUnblock = 21,
  EvGoSyscallBegin = 22,
  EvGoSyscallEnd = 23,
  EvGoSyscallEndBlocked = 24,
  EvGoStatus = 25,
  EvSTWBegin = 26,
  EvSTWEnd = 27,
  EvGCActive = 28,
  EvGCBegin = 29,
  EvGCEnd = 30,
  EvGCSweepActive = 31,
  EvGCSweepBegin = 32,
  EvGCSweepEnd = 33,
  EvGCMarkAssistActive = 34,
  EvGCMarkAssistBegin = 35,
  EvGCMarkAssistEnd = 36,
  EvHeapAlloc = 37,
  EvHeapGoal = 38,
  EvGoLabel = 39,
  EvUserTaskBegin = 40,
  EvUserTaskEnd = 41,
  EvUserRegionBegin = 42,
  EvUserRegionEnd = 43,
  EvUserLog = 44,
  EvGoSwitch = 45,
  EvGoSwitchDestroy = 46,
  EvGoCreateBlocked = 47,
  EvGoStatusStack = 48,
  EvExperimentalBatch = 49,
  EvSync = 50,
  EvClockSnapshot = 51,
  EvEndOfGeneration = 52,
  EvSpan = 128,
  EvSpanAlloc = 129,
  EvSpanFree = 130,
  EvHeapObject = 131,
  EvHeapObjectAlloc = 132,
  EvHeapObjectFree = 133,
  EvGoroutineStack = 134,
  EvGoroutineStackAlloc = 135,
  EvGoroutineStackFree = 136,
};

constexpr int kMaxArgs = 4;  // arguments after the timestamp delta

struct EventSpec {
  std::string_view name;
  bool timed = false;
  uint8_t argCount = 0;  // not counting the timestamp delta
  // Argument names as Go's spec (and the text format) spells them, the
  // timestamp delta "dt" first for timed events.
  std::string_view argNames[6] = {};
  uint8_t argNameCount = 0;
  bool hasData = false;  // followed by length-prefixed bytes (String, ExperimentalBatch)
  uint8_t since = 22;    // first trace version with this event
  // Argument indices (0 = first argument after dt) holding stack ids, the
  // event's own stack first; -1 when absent.
  int8_t stackArgs[2] = {-1, -1};
  // Argument indices holding string ids; -1 when absent.
  int8_t stringArgs[2] = {-1, -1};
  const ExperimentalSpec* experimental = nullptr;
};

constexpr size_t kEventTypeCount = 137;
extern const std::array<EventSpec, kEventTypeCount> kEventSpecs;

// The spec of a wire event type, or nullptr for an undefined type.
inline const EventSpec* specOf(uint8_t type) {
  if (type >= kEventTypeCount || kEventSpecs[type].name.empty()) return nullptr;
  return &kEventSpecs[type];
}

// Whether the text form of a trace of version `minor` may use the event.
bool allowedInVersion(uint8_t type, int minor);

}  // namespace gotrace::v2
