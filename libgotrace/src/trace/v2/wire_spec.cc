#include "v2/wire_spec.h"

#include <array>
#include <initializer_list>

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

// Builds a spec from Go's argument list; argument names ending in "stack"
// (first listed = the event's own stack) and "string" are table ids.
constexpr EventSpec make(std::string_view name, bool timed, std::initializer_list<std::string_view> args,
                         uint8_t since = 22, bool hasData = false) {
  EventSpec s{};
  s.name = name;
  s.timed = timed;
  s.since = since;
  s.hasData = hasData;
  for (std::string_view a : args) s.argNames[s.argNameCount++] = a;
  s.argCount = uint8_t(timed ? s.argNameCount - 1 : s.argNameCount);
  int stacks = 0, strings = 0;
  for (int i = timed ? 1 : 0; i < s.argNameCount; i++) {
    std::string_view a = s.argNames[i];
    int8_t index = int8_t(timed ? i - 1 : i);
    if (timed && a.ends_with("stack")) {
      // The event's own stack ("stack") is listed first.
      if (a == "stack") {
        s.stackArgs[1] = s.stackArgs[0];
        s.stackArgs[0] = index;
      } else {
        s.stackArgs[stacks] = index;
      }
      stacks++;
    }
    if (timed && a.ends_with("string")) s.stringArgs[strings++] = index;
  }
  return s;
}

constexpr EventSpec experimental(const ExperimentalSpec& e) {
  EventSpec s = make(e.name, true, {"dt"}, 23);
  for (int i = 0; i < e.argCount; i++) s.argNames[s.argNameCount++] = e.argNames[i];
  s.argCount = e.argCount;
  s.experimental = &e;
  return s;
}

constexpr std::array<EventSpec, kEventTypeCount> buildTable() {
  std::array<EventSpec, kEventTypeCount> t{};
  t[EvEventBatch] = make("EventBatch", false, {"gen", "m", "time", "size"});
  t[EvStacks] = make("Stacks", false, {});
  t[EvStack] = make("Stack", false, {"id", "nframes"});
  t[EvStrings] = make("Strings", false, {});
  t[EvString] = make("String", false, {"id"}, 22, true);
  t[EvCPUSamples] = make("CPUSamples", false, {});
  t[EvCPUSample] = make("CPUSample", false, {"time", "m", "p", "g", "stack"});
  t[EvFrequency] = make("Frequency", false, {"freq"});
  t[EvProcsChange] = make("ProcsChange", true, {"dt", "procs_value", "stack"});
  t[EvProcStart] = make("ProcStart", true, {"dt", "p", "p_seq"});
  t[EvProcStop] = make("ProcStop", true, {"dt"});
  t[EvProcSteal] = make("ProcSteal", true, {"dt", "p", "p_seq", "m"});
  t[EvProcStatus] = make("ProcStatus", true, {"dt", "p", "pstatus"});
  t[EvGoCreate] = make("GoCreate", true, {"dt", "new_g", "new_stack", "stack"});
  t[EvGoCreateSyscall] = make("GoCreateSyscall", true, {"dt", "new_g"});
  t[EvGoStart] = make("GoStart", true, {"dt", "g", "g_seq"});
  t[EvGoDestroy] = make("GoDestroy", true, {"dt"});
  t[EvGoDestroySyscall] = make("GoDestroySyscall", true, {"dt"});
  t[EvGoStop] = make("GoStop", true, {"dt", "reason_string", "stack"});
  t[EvGoBlock] = make("GoBlock", true, {"dt", "reason_string", "stack"});
  t[EvGoUnblock] = make("GoUnblock", true, {"dt", "g", "g_seq", "stack"});
  t[EvGoSyscallBegin] = make("GoSyscallBegin", true, {"dt", "p_seq", "stack"});
  t[EvGoSyscallEnd] = make("GoSyscallEnd", true, {"dt"});
  t[EvGoSyscallEndBlocked] = make("GoSyscallEndBlocked", true, {"dt"});
  t[EvGoStatus] = make("GoStatus", true, {"dt", "g", "m", "gstatus"});
  t[EvSTWBegin] = make("STWBegin", true, {"dt", "kind_string", "stack"});
  t[EvSTWEnd] = make("STWEnd", true, {"dt"});
  t[EvGCActive] = make("GCActive", true, {"dt", "gc_seq"});
  t[EvGCBegin] = make("GCBegin", true, {"dt", "gc_seq", "stack"});
  t[EvGCEnd] = make("GCEnd", true, {"dt", "gc_seq"});
  t[EvGCSweepActive] = make("GCSweepActive", true, {"dt", "p"});
  t[EvGCSweepBegin] = make("GCSweepBegin", true, {"dt", "stack"});
  t[EvGCSweepEnd] = make("GCSweepEnd", true, {"dt", "swept_value", "reclaimed_value"});
  t[EvGCMarkAssistActive] = make("GCMarkAssistActive", true, {"dt", "g"});
  t[EvGCMarkAssistBegin] = make("GCMarkAssistBegin", true, {"dt", "stack"});
  t[EvGCMarkAssistEnd] = make("GCMarkAssistEnd", true, {"dt"});
  t[EvHeapAlloc] = make("HeapAlloc", true, {"dt", "heapalloc_value"});
  t[EvHeapGoal] = make("HeapGoal", true, {"dt", "heapgoal_value"});
  t[EvGoLabel] = make("GoLabel", true, {"dt", "label_string"});
  t[EvUserTaskBegin] = make("UserTaskBegin", true, {"dt", "task", "parent_task", "name_string", "stack"});
  t[EvUserTaskEnd] = make("UserTaskEnd", true, {"dt", "task", "stack"});
  t[EvUserRegionBegin] = make("UserRegionBegin", true, {"dt", "task", "name_string", "stack"});
  t[EvUserRegionEnd] = make("UserRegionEnd", true, {"dt", "task", "name_string", "stack"});
  t[EvUserLog] = make("UserLog", true, {"dt", "task", "key_string", "value_string", "stack"});
  t[EvGoSwitch] = make("GoSwitch", true, {"dt", "g", "g_seq"}, 23);
  t[EvGoSwitchDestroy] = make("GoSwitchDestroy", true, {"dt", "g", "g_seq"}, 23);
  t[EvGoCreateBlocked] = make("GoCreateBlocked", true, {"dt", "new_g", "new_stack", "stack"}, 23);
  t[EvGoStatusStack] = make("GoStatusStack", true, {"dt", "g", "m", "gstatus", "stack"}, 23);
  t[EvExperimentalBatch] = make("ExperimentalBatch", false, {"exp", "gen", "m", "time"}, 23, true);
  t[EvSync] = make("Sync", false, {}, 25);
  t[EvClockSnapshot] = make("ClockSnapshot", true, {"dt", "mono", "sec", "nsec"}, 25);
  t[EvEndOfGeneration] = make("EndOfGeneration", false, {}, 26);
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

constexpr std::array<EventSpec, kEventTypeCount> kSpecs = buildTable();

// Spot checks of the derived id positions.
static_assert(kSpecs[EvGoCreate].stackArgs[0] == 2 && kSpecs[EvGoCreate].stackArgs[1] == 1);
static_assert(kSpecs[EvUserLog].stringArgs[0] == 1 && kSpecs[EvUserLog].stringArgs[1] == 2);
static_assert(kSpecs[EvUserLog].stackArgs[0] == 3 && kSpecs[EvUserLog].argCount == 4);
static_assert(kSpecs[EvGCSweepBegin].stackArgs[0] == 0 && kSpecs[EvGoStatus].stackArgs[0] == -1);
static_assert(kSpecs[EvSpan].argCount == 3 && kSpecs[EvSpan].argNames[3] == "kindclass");

}  // namespace

const std::array<EventSpec, kEventTypeCount> kEventSpecs = kSpecs;

bool allowedInVersion(uint8_t type, int minor) {
  const EventSpec* s = specOf(type);
  if (!s) return false;
  // Go 1.26 is the first version whose text form names the experimental events.
  if (s->experimental) return minor >= 26;
  return s->since <= minor;
}

}  // namespace gotrace::v2
