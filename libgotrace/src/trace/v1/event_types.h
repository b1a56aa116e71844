// The v1 wire format's event table (Go 1.11-1.21 traces).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace gotrace::v1 {

enum EventType : uint8_t {
  EvNone = 0,
  EvBatch = 1,
  EvFrequency = 2,
  EvStack = 3,
  EvGomaxprocs = 4,
  EvProcStart = 5,
  EvProcStop = 6,
  EvGCStart = 7,
  EvGCDone = 8,
  EvSTWStart = 9,
  EvSTWDone = 10,
  EvGCSweepStart = 11,
  EvGCSweepDone = 12,
  EvGoCreate = 13,
  EvGoStart = 14,
  EvGoEnd = 15,
  EvGoStop = 16,
  EvGoSched = 17,
  EvGoPreempt = 18,
  EvGoSleep = 19,
  EvGoBlock = 20,
  EvGoUnblock = 21,
  EvGoBlockSend = 22,
  EvGoBlockRecv = 23,
  EvGoBlockSelect = 24,
  EvGoBlockSync = 25,
  EvGoBlockCond = 26,
  EvGoBlockNet = 27,
  EvGoSysCall = 28,
  EvGoSysExit = 29,
  EvGoSysBlock = 30,
  EvGoWaiting = 31,
  EvGoInSyscall = 32,
  EvHeapAlloc = 33,
  EvHeapGoal = 34,
  EvTimerGoroutine = 35,
  EvFutileWakeup = 36,
  EvString = 37,
  EvGoStartLocal = 38,
  EvGoUnblockLocal = 39,
  EvGoSysExitLocal = 40,
  EvGoStartLabel = 41,
  EvGoBlockGC = 42,
  EvGCMarkAssistStart = 43,
  EvGCMarkAssistDone = 44,
  EvUserTaskCreate = 45,
  EvUserTaskEnd = 46,
  EvUserRegion = 47,
  EvUserLog = 48,
  EvCPUSample = 49,
  EvCount = 50,
};

struct EventDesc {
  std::string_view name;
  uint8_t minVersion;  // first header version with the event
  uint8_t args;        // named arguments, not counting the delta or the stack
  bool stack;          // the last value is a stack id
  bool timed;          // the first value is a timestamp delta
  std::string_view argNames[4];
};

namespace detail {

constexpr EventDesc timedDesc(std::string_view name, uint8_t since, uint8_t args, bool stack,
                              std::initializer_list<std::string_view> names = {}) {
  EventDesc d{name, since, args, stack, true, {}};
  int i = 0;
  for (std::string_view n : names) d.argNames[i++] = n;
  return d;
}

constexpr std::array<EventDesc, EvCount> buildTable() {
  std::array<EventDesc, EvCount> t{};
  t[EvNone] = EventDesc{"None", 5, 0, false, false, {}};
  t[EvBatch] = EventDesc{"Batch", 5, 2, false, false, {"p", "ticks"}};
  t[EvFrequency] = EventDesc{"Frequency", 5, 1, false, false, {"freq"}};
  t[EvStack] = EventDesc{"Stack", 5, 2, false, false, {"id", "siz"}};
  t[EvGomaxprocs] = timedDesc("Gomaxprocs", 5, 1, true, {"procs"});
  t[EvProcStart] = timedDesc("ProcStart", 5, 1, false, {"thread"});
  t[EvProcStop] = timedDesc("ProcStop", 5, 0, false);
  t[EvGCStart] = timedDesc("GCStart", 5, 1, true, {"seq"});
  t[EvGCDone] = timedDesc("GCDone", 5, 0, false);
  t[EvSTWStart] = timedDesc("GCSTWStart", 5, 1, false, {"kindid"});
  t[EvSTWDone] = timedDesc("GCSTWDone", 5, 0, false);
  t[EvGCSweepStart] = timedDesc("GCSweepStart", 5, 0, true);
  t[EvGCSweepDone] = timedDesc("GCSweepDone", 5, 2, false, {"swept", "reclaimed"});
  t[EvGoCreate] = timedDesc("GoCreate", 5, 2, true, {"g", "stack"});
  t[EvGoStart] = timedDesc("GoStart", 5, 2, false, {"g", "seq"});
  t[EvGoEnd] = timedDesc("GoEnd", 5, 0, false);
  t[EvGoStop] = timedDesc("GoStop", 5, 0, true);
  t[EvGoSched] = timedDesc("GoSched", 5, 0, true);
  t[EvGoPreempt] = timedDesc("GoPreempt", 5, 0, true);
  t[EvGoSleep] = timedDesc("GoSleep", 5, 0, true);
  t[EvGoBlock] = timedDesc("GoBlock", 5, 0, true);
  t[EvGoUnblock] = timedDesc("GoUnblock", 5, 2, true, {"g", "seq"});
  t[EvGoBlockSend] = timedDesc("GoBlockSend", 5, 0, true);
  t[EvGoBlockRecv] = timedDesc("GoBlockRecv", 5, 0, true);
  t[EvGoBlockSelect] = timedDesc("GoBlockSelect", 5, 0, true);
  t[EvGoBlockSync] = timedDesc("GoBlockSync", 5, 0, true);
  t[EvGoBlockCond] = timedDesc("GoBlockCond", 5, 0, true);
  t[EvGoBlockNet] = timedDesc("GoBlockNet", 5, 0, true);
  t[EvGoSysCall] = timedDesc("GoSysCall", 5, 0, true);
  t[EvGoSysExit] = timedDesc("GoSysExit", 5, 3, false, {"g", "seq", "ts"});
  t[EvGoSysBlock] = timedDesc("GoSysBlock", 5, 0, false);
  t[EvGoWaiting] = timedDesc("GoWaiting", 5, 1, false, {"g"});
  t[EvGoInSyscall] = timedDesc("GoInSyscall", 5, 1, false, {"g"});
  t[EvHeapAlloc] = timedDesc("HeapAlloc", 5, 1, false, {"mem"});
  t[EvHeapGoal] = timedDesc("HeapGoal", 5, 1, false, {"mem"});
  t[EvTimerGoroutine] = EventDesc{"TimerGoroutine", 5, 1, false, false, {"g"}};
  t[EvFutileWakeup] = timedDesc("FutileWakeup", 5, 0, false);
  t[EvString] = EventDesc{"String", 7, 0, false, false, {}};
  t[EvGoStartLocal] = timedDesc("GoStartLocal", 7, 1, false, {"g"});
  t[EvGoUnblockLocal] = timedDesc("GoUnblockLocal", 7, 1, true, {"g"});
  t[EvGoSysExitLocal] = timedDesc("GoSysExitLocal", 7, 2, false, {"g", "ts"});
  t[EvGoStartLabel] = timedDesc("GoStartLabel", 8, 3, false, {"g", "seq", "labelid"});
  t[EvGoBlockGC] = timedDesc("GoBlockGC", 8, 0, true);
  t[EvGCMarkAssistStart] = timedDesc("GCMarkAssistStart", 9, 0, true);
  t[EvGCMarkAssistDone] = timedDesc("GCMarkAssistDone", 9, 0, false);
  t[EvUserTaskCreate] = timedDesc("UserTaskCreate", 11, 3, true, {"taskid", "pid", "typeid"});
  t[EvUserTaskEnd] = timedDesc("UserTaskEnd", 11, 1, true, {"taskid"});
  t[EvUserRegion] = timedDesc("UserRegion", 11, 3, true, {"taskid", "mode", "typeid"});
  t[EvUserLog] = timedDesc("UserLog", 11, 2, true, {"id", "keyid"});
  t[EvCPUSample] = timedDesc("CPUSample", 19, 3, true, {"ts", "p", "g"});
  return t;
}

inline constexpr std::array<EventDesc, EvCount> kDescs = buildTable();

}  // namespace detail

inline const EventDesc& descOf(uint8_t type) { return detail::kDescs[type < EvCount ? type : 0]; }

// The event type Go's reader hands on: the "Local" variants (same proc)
// become the plain ones.
constexpr uint8_t withoutLocal(uint8_t type) {
  switch (type) {
    case EvGoStartLocal:
      return EvGoStart;
    case EvGoUnblockLocal:
      return EvGoUnblock;
    case EvGoSysExitLocal:
      return EvGoSysExit;
    default:
      return type;
  }
}

// Values a well-formed event of `type` carries (timestamp and stack included).
constexpr int valueCount(uint8_t type) {
  const EventDesc& d = detail::kDescs[type < EvCount ? type : 0];
  return d.args + (d.stack ? 1 : 0) + (d.timed ? 1 : 0);
}

// Special proc ids the reader assigns (they show up in converted events).
constexpr int32_t kTimerP = 1000001;    // unblocks by timer goroutines
constexpr int32_t kNetpollP = 1000002;  // unblocks of goroutines blocked on the network
constexpr int32_t kSyscallP = 1000003;  // returns from blocking syscalls
constexpr int32_t kGCP = 1000004;       // GC starts
constexpr int32_t kProfileP = 1000005;  // the stream of CPU samples

}  // namespace gotrace::v1
