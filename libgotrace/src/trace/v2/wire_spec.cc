#include "trace/v2/wire_spec.h"

#include <array>

namespace gotrace::v2 {
namespace {

constexpr ExperimentalSpec kSpan{"Span", "AllocFree", 3, {"id", "npages_value", "kindclass"}};
constexpr ExperimentalSpec kSpanAlloc{"SpanAlloc", "AllocFree", 3, {"id", "npages_value", "kindclass"}};
constexpr ExperimentalSpec kSpanFree{"SpanFree", "AllocFree", 1, {"id"}};
constexpr ExperimentalSpec kHeapObject{"HeapObject", "AllocFree", 2, {"id", "type"}};
constexpr ExperimentalSpec kHeapObjectAlloc{"HeapObjectAlloc", "AllocFree", 2, {"id", "type"}};
constexpr ExperimentalSpec kHeapObjectFree{"HeapObjectFree", "AllocFree", 1, {"id"}};
constexpr ExperimentalSpec kGoroutineStack{"GoroutineStack", "AllocFree", 2, {"id", "order"}};
constexpr ExperimentalSpec kGoroutineStackAlloc{"GoroutineStackAlloc", "AllocFree", 2, {"id", "order"}};
constexpr ExperimentalSpec kGoroutineStackFree{"GoroutineStackFree", "AllocFree", 1, {"id"}};

constexpr EventSpec structural(std::string_view name) { return EventSpec{name, false, 0, {-1, -1}, {-1, -1}, nullptr}; }
constexpr EventSpec timed(std::string_view name, uint8_t args, int8_t stack = -1, int8_t str = -1,
                          int8_t stack2 = -1, int8_t str2 = -1) {
  return EventSpec{name, true, args, {stack, stack2}, {str, str2}, nullptr};
}
constexpr EventSpec experimental(const ExperimentalSpec& e) {
  return EventSpec{e.name, true, e.argCount, {-1, -1}, {-1, -1}, &e};
}

constexpr std::array<EventSpec, 137> buildTable() {
  std::array<EventSpec, 137> t{};
  t[EvEventBatch] = structural("EventBatch");
  t[EvStacks] = structural("Stacks");
  t[EvStack] = structural("Stack");
  t[EvStrings] = structural("Strings");
  t[EvString] = structural("String");
  t[EvCPUSamples] = structural("CPUSamples");
  t[EvCPUSample] = structural("CPUSample");
  t[EvFrequency] = structural("Frequency");
  t[EvProcsChange] = timed("ProcsChange", 2, 1);
  t[EvProcStart] = timed("ProcStart", 2);
  t[EvProcStop] = timed("ProcStop", 0);
  t[EvProcSteal] = timed("ProcSteal", 3);
  t[EvProcStatus] = timed("ProcStatus", 2);
  t[EvGoCreate] = timed("GoCreate", 3, 2, -1, 1);
  t[EvGoCreateSyscall] = timed("GoCreateSyscall", 1);
  t[EvGoStart] = timed("GoStart", 2);
  t[EvGoDestroy] = timed("GoDestroy", 0);
  t[EvGoDestroySyscall] = timed("GoDestroySyscall", 0);
  t[EvGoStop] = timed("GoStop", 2, 1, 0);
  t[EvGoBlock] = timed("GoBlock", 2, 1, 0);
  t[EvGoUnblock] = timed("GoUnblock", 3, 2);
  t[EvGoSyscallBegin] = timed("GoSyscallBegin", 2, 1);
  t[EvGoSyscallEnd] = timed("GoSyscallEnd", 0);
  t[EvGoSyscallEndBlocked] = timed("GoSyscallEndBlocked", 0);
  t[EvGoStatus] = timed("GoStatus", 3);
  t[EvSTWBegin] = timed("STWBegin", 2, 1, 0);
  t[EvSTWEnd] = timed("STWEnd", 0);
  t[EvGCActive] = timed("GCActive", 1);
  t[EvGCBegin] = timed("GCBegin", 2, 1);
  t[EvGCEnd] = timed("GCEnd", 1);
  t[EvGCSweepActive] = timed("GCSweepActive", 1);
  t[EvGCSweepBegin] = timed("GCSweepBegin", 1, 0);
  t[EvGCSweepEnd] = timed("GCSweepEnd", 2);
  t[EvGCMarkAssistActive] = timed("GCMarkAssistActive", 1);
  t[EvGCMarkAssistBegin] = timed("GCMarkAssistBegin", 1, 0);
  t[EvGCMarkAssistEnd] = timed("GCMarkAssistEnd", 0);
  t[EvHeapAlloc] = timed("HeapAlloc", 1);
  t[EvHeapGoal] = timed("HeapGoal", 1);
  t[EvGoLabel] = timed("GoLabel", 1, -1, 0);
  t[EvUserTaskBegin] = timed("UserTaskBegin", 4, 3, 2);
  t[EvUserTaskEnd] = timed("UserTaskEnd", 2, 1);
  t[EvUserRegionBegin] = timed("UserRegionBegin", 3, 2, 1);
  t[EvUserRegionEnd] = timed("UserRegionEnd", 3, 2, 1);
  t[EvUserLog] = timed("UserLog", 4, 3, 1, -1, 2);
  t[EvGoSwitch] = timed("GoSwitch", 2);
  t[EvGoSwitchDestroy] = timed("GoSwitchDestroy", 2);
  t[EvGoCreateBlocked] = timed("GoCreateBlocked", 3, 2, -1, 1);
  t[EvGoStatusStack] = timed("GoStatusStack", 4, 3);
  t[EvExperimentalBatch] = structural("ExperimentalBatch");
  t[EvSync] = structural("Sync");
  t[EvClockSnapshot] = timed("ClockSnapshot", 3);
  t[EvEndOfGeneration] = structural("EndOfGeneration");
  t[EvSpan] = experimental(kSpan);
  t[EvSpanAlloc] = experimental(kSpanAlloc);
  t[EvSpanFree] = experimental(kSpanFree);
  t[EvHeapObject] = experimental(kHeapObject);
  t[EvHeapObjectAlloc] = experimental(kHeapObjectAlloc);
  t[EvHeapObjectFree] = experimental(kHeapObjectFree);
  t[EvGoroutineStack] = experimental(kGoroutineStack);
  t[EvGoroutineStackAlloc] = experimental(kGoroutineStackAlloc);
  t[EvGoroutineStackFree] = experimental(kGoroutineStackFree);
  return t;
}

constexpr std::array<EventSpec, 137> kSpecs = buildTable();

}  // namespace

const EventSpec* specOf(uint8_t type) {
  if (type >= kSpecs.size() || kSpecs[type].name.empty()) return nullptr;
  return &kSpecs[type];
}

}  // namespace gotrace::v2
