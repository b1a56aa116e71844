#include "v1/event_types.h"

#include <array>
#include <initializer_list>

namespace gotrace::v1 {
namespace {

constexpr EventDesc timed(std::string_view name, uint8_t since, uint8_t args, bool stack,
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
  t[EvGomaxprocs] = timed("Gomaxprocs", 5, 1, true, {"procs"});
  t[EvProcStart] = timed("ProcStart", 5, 1, false, {"thread"});
  t[EvProcStop] = timed("ProcStop", 5, 0, false);
  t[EvGCStart] = timed("GCStart", 5, 1, true, {"seq"});
  t[EvGCDone] = timed("GCDone", 5, 0, false);
  t[EvSTWStart] = timed("GCSTWStart", 5, 1, false, {"kindid"});
  t[EvSTWDone] = timed("GCSTWDone", 5, 0, false);
  t[EvGCSweepStart] = timed("GCSweepStart", 5, 0, true);
  t[EvGCSweepDone] = timed("GCSweepDone", 5, 2, false, {"swept", "reclaimed"});
  t[EvGoCreate] = timed("GoCreate", 5, 2, true, {"g", "stack"});
  t[EvGoStart] = timed("GoStart", 5, 2, false, {"g", "seq"});
  t[EvGoEnd] = timed("GoEnd", 5, 0, false);
  t[EvGoStop] = timed("GoStop", 5, 0, true);
  t[EvGoSched] = timed("GoSched", 5, 0, true);
  t[EvGoPreempt] = timed("GoPreempt", 5, 0, true);
  t[EvGoSleep] = timed("GoSleep", 5, 0, true);
  t[EvGoBlock] = timed("GoBlock", 5, 0, true);
  t[EvGoUnblock] = timed("GoUnblock", 5, 2, true, {"g", "seq"});
  t[EvGoBlockSend] = timed("GoBlockSend", 5, 0, true);
  t[EvGoBlockRecv] = timed("GoBlockRecv", 5, 0, true);
  t[EvGoBlockSelect] = timed("GoBlockSelect", 5, 0, true);
  t[EvGoBlockSync] = timed("GoBlockSync", 5, 0, true);
  t[EvGoBlockCond] = timed("GoBlockCond", 5, 0, true);
  t[EvGoBlockNet] = timed("GoBlockNet", 5, 0, true);
  t[EvGoSysCall] = timed("GoSysCall", 5, 0, true);
  t[EvGoSysExit] = timed("GoSysExit", 5, 3, false, {"g", "seq", "ts"});
  t[EvGoSysBlock] = timed("GoSysBlock", 5, 0, false);
  t[EvGoWaiting] = timed("GoWaiting", 5, 1, false, {"g"});
  t[EvGoInSyscall] = timed("GoInSyscall", 5, 1, false, {"g"});
  t[EvHeapAlloc] = timed("HeapAlloc", 5, 1, false, {"mem"});
  t[EvHeapGoal] = timed("HeapGoal", 5, 1, false, {"mem"});
  t[EvTimerGoroutine] = EventDesc{"TimerGoroutine", 5, 1, false, false, {"g"}};
  t[EvFutileWakeup] = timed("FutileWakeup", 5, 0, false);
  t[EvString] = EventDesc{"String", 7, 0, false, false, {}};
  t[EvGoStartLocal] = timed("GoStartLocal", 7, 1, false, {"g"});
  t[EvGoUnblockLocal] = timed("GoUnblockLocal", 7, 1, true, {"g"});
  t[EvGoSysExitLocal] = timed("GoSysExitLocal", 7, 2, false, {"g", "ts"});
  t[EvGoStartLabel] = timed("GoStartLabel", 8, 3, false, {"g", "seq", "labelid"});
  t[EvGoBlockGC] = timed("GoBlockGC", 8, 0, true);
  t[EvGCMarkAssistStart] = timed("GCMarkAssistStart", 9, 0, true);
  t[EvGCMarkAssistDone] = timed("GCMarkAssistDone", 9, 0, false);
  t[EvUserTaskCreate] = timed("UserTaskCreate", 11, 3, true, {"taskid", "pid", "typeid"});
  t[EvUserTaskEnd] = timed("UserTaskEnd", 11, 1, true, {"taskid"});
  t[EvUserRegion] = timed("UserRegion", 11, 3, true, {"taskid", "mode", "typeid"});
  t[EvUserLog] = timed("UserLog", 11, 2, true, {"id", "keyid"});
  t[EvCPUSample] = timed("CPUSample", 19, 3, true, {"ts", "p", "g"});
  return t;
}

constexpr std::array<EventDesc, EvCount> kDescs = buildTable();

}  // namespace

const EventDesc& descOf(uint8_t type) { return kDescs[type < EvCount ? type : 0]; }

int valueCount(uint8_t type) {
  const EventDesc& d = descOf(type);
  return d.args + (d.stack ? 1 : 0) + (d.timed ? 1 : 0);
}

}  // namespace gotrace::v1
