// The v1 wire format's event table (Go 1.11-1.21 traces).
#pragma once

#include <cstdint>
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

const EventDesc& descOf(uint8_t type);  // type < EvCount

// Values a well-formed event of `type` carries (timestamp and stack included).
int valueCount(uint8_t type);

// Special proc ids the reader assigns (they show up in converted events).
constexpr int32_t kTimerP = 1000001;    // unblocks by timer goroutines
constexpr int32_t kNetpollP = 1000002;  // unblocks of goroutines blocked on the network
constexpr int32_t kSyscallP = 1000003;  // returns from blocking syscalls
constexpr int32_t kGCP = 1000004;       // GC starts
constexpr int32_t kProfileP = 1000005;  // the stream of CPU samples

}  // namespace gotrace::v1
