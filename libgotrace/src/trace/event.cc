#include "gotrace/trace/event.h"

namespace gotrace {

std::string_view kindName(EventKind kind) {
  static constexpr std::string_view kNames[] = {
      "Bad",     "Sync",        "Metric",    "Label",       "StackSample", "RangeBegin",      "RangeActive",
      "RangeEnd", "TaskBegin", "TaskEnd", "RegionBegin", "RegionEnd", "Log", "StateTransition", "Experimental"};
  auto i = size_t(kind);
  return i < std::size(kNames) ? kNames[i] : "Bad";
}

std::string_view stateName(GoState state) {
  switch (state) {
    case GoState::NotExist: return "NotExist";
    case GoState::Runnable: return "Runnable";
    case GoState::Running: return "Running";
    case GoState::Waiting: return "Waiting";
    case GoState::Syscall: return "Syscall";
    default: return "Undetermined";
  }
}

std::string_view stateName(ProcState state) {
  switch (state) {
    case ProcState::NotExist: return "NotExist";
    case ProcState::Running: return "Running";
    case ProcState::Idle: return "Idle";
    default: return "Undetermined";
  }
}

Event syncEvent(int64_t time, uint64_t n) {
  Event ev;
  ev.kind = EventKind::Sync;
  ev.time = time;
  ev.sync = SyncInfo{};
  ev.sync.n = n;
  return ev;
}

std::string_view resourceKindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::Goroutine: return "Goroutine";
    case ResourceKind::Proc: return "Proc";
    case ResourceKind::Thread: return "Thread";
    default: return "None";
  }
}

}  // namespace gotrace
