#include "gotrace/analysis/match/old_event_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>

namespace gotrace {
namespace {

bool goroutineTransition(const Event& ev) {
  return ev.kind == EventKind::StateTransition && ev.transition.resource.kind == ResourceKind::Goroutine;
}

bool goFromTo(const Event& ev, GoState from, GoState to) {
  return goroutineTransition(ev) && ev.transition.goFrom() == from && ev.transition.goTo() == to;
}

std::string_view reason(const Event& ev, const TraceTables& t) { return t.strings.view(ev.transition.reason); }

// Blocking reasons some v1 name stands for; GoBlock is every other one.
constexpr std::array<std::string_view, 10> kNamedWaitReasons = {
    "forever", "sleep", "chan send", "chan receive", "select", "sync", "sync.(*Cond).Wait",
    "network", "GC mark assist wait for work", "preempted"};

bool waitingFor(const Event& ev, const TraceTables& t, std::string_view why) {
  return goFromTo(ev, GoState::Running, GoState::Waiting) && reason(ev, t) == why;
}

bool procTo(const Event& ev, ProcState to) {
  return ev.kind == EventKind::StateTransition && ev.transition.resource.kind == ResourceKind::Proc &&
         ev.transition.procTo() == to;
}

bool rangeNamed(const Event& ev, const TraceTables& t, EventKind kind, std::string_view name) {
  return ev.kind == kind && t.strings.view(ev.range.name) == name;
}

bool stopTheWorld(const Event& ev, const TraceTables& t, EventKind kind) {
  return ev.kind == kind && t.strings.view(ev.range.name).starts_with(model::kStopTheWorldRange);
}

bool metricNamed(const Event& ev, const TraceTables& t, std::string_view name) {
  return ev.kind == EventKind::Metric && t.strings.view(ev.metric.name) == name;
}

using T = const TraceTables&;

constexpr OldEventName kNames[] = {
    {"Gomaxprocs", "Metric \"/sched/gomaxprocs:threads\"",
     [](const Event& e, T t) { return metricNamed(e, t, model::kGomaxprocsMetric); }},
    {"ProcStart", "StateTransition of a proc to Running",
     [](const Event& e, T) { return procTo(e, ProcState::Running); }},
    {"ProcStop", "StateTransition of a proc to Idle", [](const Event& e, T) { return procTo(e, ProcState::Idle); }},
    {"GCStart", "RangeBegin \"GC concurrent mark phase\"",
     [](const Event& e, T t) { return rangeNamed(e, t, EventKind::RangeBegin, model::kGcMarkRange); }},
    {"GCDone", "RangeEnd \"GC concurrent mark phase\"",
     [](const Event& e, T t) { return rangeNamed(e, t, EventKind::RangeEnd, model::kGcMarkRange); }},
    {"STWStart", "RangeBegin \"stop-the-world (...)\"",
     [](const Event& e, T t) { return stopTheWorld(e, t, EventKind::RangeBegin); }},
    {"GCSTWStart", "the same as STWStart (its name before Go 1.21)",
     [](const Event& e, T t) { return stopTheWorld(e, t, EventKind::RangeBegin); }},
    {"STWDone", "RangeEnd \"stop-the-world (...)\"",
     [](const Event& e, T t) { return stopTheWorld(e, t, EventKind::RangeEnd); }},
    {"GCSTWDone", "the same as STWDone (its name before Go 1.21)",
     [](const Event& e, T t) { return stopTheWorld(e, t, EventKind::RangeEnd); }},
    {"GCSweepStart", "RangeBegin \"GC incremental sweep\"",
     [](const Event& e, T t) { return rangeNamed(e, t, EventKind::RangeBegin, model::kGcSweepRange); }},
    {"GCSweepDone", "RangeEnd \"GC incremental sweep\"",
     [](const Event& e, T t) { return rangeNamed(e, t, EventKind::RangeEnd, model::kGcSweepRange); }},
    {"GoCreate", "StateTransition of a goroutine from NotExist (to Runnable; Waiting or Syscall in v2 traces)",
     [](const Event& e, T) {
       return goroutineTransition(e) && e.transition.goFrom() == GoState::NotExist &&
              e.transition.goTo() != GoState::NotExist;
     }},
    {"GoStart", "StateTransition Runnable->Running",
     [](const Event& e, T) { return goFromTo(e, GoState::Runnable, GoState::Running); }},
    {"GoStartLocal", "the same as GoStart",
     [](const Event& e, T) { return goFromTo(e, GoState::Runnable, GoState::Running); }},
    {"GoStartLabel", "Label (a GC worker's label, given as it starts)",
     [](const Event& e, T) { return e.kind == EventKind::Label; }},
    {"GoEnd", "StateTransition Running->NotExist (or Syscall->NotExist)",
     [](const Event& e, T) {
       return goroutineTransition(e) && e.transition.goTo() == GoState::NotExist &&
              (e.transition.goFrom() == GoState::Running || e.transition.goFrom() == GoState::Syscall);
     }},
    {"GoStop", "StateTransition Running->Waiting, reason \"forever\"",
     [](const Event& e, T t) { return waitingFor(e, t, "forever"); }},
    {"GoSched", "StateTransition Running->Runnable, reason \"runtime.Gosched\"",
     [](const Event& e, T t) {
       return goFromTo(e, GoState::Running, GoState::Runnable) && reason(e, t) == "runtime.Gosched";
     }},
    {"GoPreempt", "StateTransition Running->Runnable (or ->Waiting), reason \"preempted\"",
     [](const Event& e, T t) {
       return goroutineTransition(e) && e.transition.goFrom() == GoState::Running &&
              (e.transition.goTo() == GoState::Runnable || e.transition.goTo() == GoState::Waiting) &&
              reason(e, t) == "preempted";
     }},
    {"GoSleep", "StateTransition Running->Waiting, reason \"sleep\"",
     [](const Event& e, T t) { return waitingFor(e, t, "sleep"); }},
    {"GoBlock", "StateTransition Running->Waiting, any reason no other name here stands for",
     [](const Event& e, T t) {
       return goFromTo(e, GoState::Running, GoState::Waiting) &&
              std::find(kNamedWaitReasons.begin(), kNamedWaitReasons.end(), reason(e, t)) ==
                  kNamedWaitReasons.end();
     }},
    {"GoBlockSend", "StateTransition Running->Waiting, reason \"chan send\"",
     [](const Event& e, T t) { return waitingFor(e, t, "chan send"); }},
    {"GoBlockRecv", "StateTransition Running->Waiting, reason \"chan receive\"",
     [](const Event& e, T t) { return waitingFor(e, t, "chan receive"); }},
    {"GoBlockSelect", "StateTransition Running->Waiting, reason \"select\"",
     [](const Event& e, T t) { return waitingFor(e, t, "select"); }},
    {"GoBlockSync", "StateTransition Running->Waiting, reason \"sync\" (sync.Mutex, RWMutex, WaitGroup)",
     [](const Event& e, T t) { return waitingFor(e, t, "sync"); }},
    {"GoBlockCond", "StateTransition Running->Waiting, reason \"sync.(*Cond).Wait\"",
     [](const Event& e, T t) { return waitingFor(e, t, "sync.(*Cond).Wait"); }},
    {"GoBlockNet", "StateTransition Running->Waiting, reason \"network\"",
     [](const Event& e, T t) { return waitingFor(e, t, "network"); }},
    {"GoBlockGC", "StateTransition Running->Waiting, reason \"GC mark assist wait for work\"",
     [](const Event& e, T t) { return waitingFor(e, t, "GC mark assist wait for work"); }},
    {"GoUnblock", "StateTransition Waiting->Runnable (the event's stack is the waker's)",
     [](const Event& e, T) { return goFromTo(e, GoState::Waiting, GoState::Runnable); }},
    {"GoUnblockLocal", "the same as GoUnblock",
     [](const Event& e, T) { return goFromTo(e, GoState::Waiting, GoState::Runnable); }},
    {"GoSysCall", "StateTransition Running->Syscall",
     [](const Event& e, T) { return goFromTo(e, GoState::Running, GoState::Syscall); }},
    {"GoSysExit", "StateTransition Syscall->Running or Syscall->Runnable",
     [](const Event& e, T) {
       return goFromTo(e, GoState::Syscall, GoState::Running) || goFromTo(e, GoState::Syscall, GoState::Runnable);
     }},
    {"GoSysExitLocal", "the same as GoSysExit",
     [](const Event& e, T) {
       return goFromTo(e, GoState::Syscall, GoState::Running) || goFromTo(e, GoState::Syscall, GoState::Runnable);
     }},
    {"GoSysBlock", "StateTransition Syscall->Runnable (a system call that blocked and lost its P, at its end)",
     [](const Event& e, T) { return goFromTo(e, GoState::Syscall, GoState::Runnable); }},
    {"GoWaiting", "StateTransition Undetermined->Waiting (blocked when the trace or generation began)",
     [](const Event& e, T) { return goFromTo(e, GoState::Undetermined, GoState::Waiting); }},
    {"GoInSyscall", "StateTransition Undetermined->Syscall (in a system call when the trace or generation began)",
     [](const Event& e, T) { return goFromTo(e, GoState::Undetermined, GoState::Syscall); }},
    {"HeapAlloc", "Metric \"/memory/classes/heap/objects:bytes\"",
     [](const Event& e, T t) { return metricNamed(e, t, model::kHeapAllocMetric); }},
    {"HeapGoal", "Metric \"/gc/heap/goal:bytes\"",
     [](const Event& e, T t) { return metricNamed(e, t, model::kHeapGoalMetric); }},
    {"GCMarkAssistStart", "RangeBegin \"GC mark assist\"",
     [](const Event& e, T t) { return rangeNamed(e, t, EventKind::RangeBegin, model::kGcAssistRange); }},
    {"GCMarkAssistDone", "RangeEnd \"GC mark assist\"",
     [](const Event& e, T t) { return rangeNamed(e, t, EventKind::RangeEnd, model::kGcAssistRange); }},
    {"UserTaskCreate", "TaskBegin", [](const Event& e, T) { return e.kind == EventKind::TaskBegin; }},
    {"UserTaskEnd", "TaskEnd", [](const Event& e, T) { return e.kind == EventKind::TaskEnd; }},
    {"UserRegion", "RegionBegin or RegionEnd",
     [](const Event& e, T) { return e.kind == EventKind::RegionBegin || e.kind == EventKind::RegionEnd; }},
    {"UserLog", "Log", [](const Event& e, T) { return e.kind == EventKind::Log; }},
    {"CPUSample", "StackSample", [](const Event& e, T) { return e.kind == EventKind::StackSample; }},
};

constexpr std::string_view kConsumed[] = {"None", "Batch", "Frequency", "Stack", "String", "TimerGoroutine",
                                          "FutileWakeup"};

}  // namespace

std::span<const OldEventName> oldEventNames() { return kNames; }

const OldEventName* findOldEventName(std::string_view name) {
  for (const OldEventName& n : kNames) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

bool isConsumedOldEventName(std::string_view name) {
  return std::find(std::begin(kConsumed), std::end(kConsumed), name) != std::end(kConsumed);
}

std::string oldEventNamesTable(std::string_view indent) {
  std::string out;
  for (const OldEventName& n : kNames) {
    fmt::format_to(std::back_inserter(out), "{}{:<18} {}\n", indent, n.name, n.meaning);
  }
  return out;
}

}  // namespace gotrace
