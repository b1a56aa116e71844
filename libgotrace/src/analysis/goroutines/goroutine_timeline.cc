#include "gotrace/analysis/goroutines/goroutine_timeline.h"

#include <algorithm>
#include <limits>

#include "gotrace/base/error.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace {

std::string_view timelineKindName(TimelineKind kind) {
  switch (kind) {
    case TimelineKind::Start: return "Start";
    case TimelineKind::Block: return "Block";
    case TimelineKind::Yield: return "Yield";
    case TimelineKind::SyscallBegin: return "SyscallBegin";
    case TimelineKind::SyscallEnd: return "SyscallEnd";
    case TimelineKind::SyscallEndBlocked: return "SyscallEndBlocked";
    case TimelineKind::End: return "End";
    case TimelineKind::Create: return "Create";
    case TimelineKind::Unblock: return "Unblock";
    case TimelineKind::AssistBegin: return "AssistBegin";
    case TimelineKind::AssistEnd: return "AssistEnd";
    case TimelineKind::Annotation: return "Annotation";
  }
  return "?";
}

std::string_view waitClassName(WaitClass wait) {
  switch (wait) {
    case WaitClass::None: return "";
    case WaitClass::Cpu: return "cpu";
    case WaitClass::Gc: return "gc";
    case WaitClass::Net: return "net";
    case WaitClass::Syscall: return "syscall";
    case WaitClass::Sleep: return "sleep";
    case WaitClass::Select: return "select";
    case WaitClass::Recv: return "recv";
    case WaitClass::Send: return "send";
    case WaitClass::Cond: return "cond";
    case WaitClass::Sync: return "sync";
    case WaitClass::Block: return "block";
    case WaitClass::Other: return "other";
  }
  return "";
}

// The block reasons are the runtime's (traceBlockReasonStrings); v1 traces
// are converted to the same strings.
WaitClass waitClassOfReason(std::string_view r) {
  if (r == "network") return WaitClass::Net;
  if (r == "select") return WaitClass::Select;
  if (r.starts_with("chan receive")) return WaitClass::Recv;
  if (r.starts_with("chan send")) return WaitClass::Send;
  if (r == "sync.(*Cond).Wait") return WaitClass::Cond;
  if (r == "sync" || r.starts_with("sync.")) return WaitClass::Sync;
  if (r == "sleep") return WaitClass::Sleep;
  if (r.starts_with("GC ") || r == "wait until GC ends" || r == "preempted") return WaitClass::Gc;
  if (r.empty() || r == "unspecified" || r == "forever") return WaitClass::Block;
  return WaitClass::Other;
}

class GoroutineTimelines::Builder {
 public:
  explicit Builder(GoroutineTimelines& t) : t_(t) {
    t_.goroutines_.emplace_back();  // index 0: no goroutine
  }

  void add(const Event& ev, std::optional<int64_t> traceStart) {
    if (!started_) {
      t_.traceStart_ = traceStart.value_or(ev.time);
      started_ = true;
    }
    switch (ev.kind) {
      case EventKind::StateTransition:
        if (ev.transition.resource.kind == ResourceKind::Goroutine) transition(ev);
        break;
      case EventKind::RangeBegin:
      case EventKind::RangeActive:
      case EventKind::RangeEnd:
        if (ev.range.scope.kind == ResourceKind::Goroutine && isAssist(ev.range.name)) {
          const bool begin = ev.kind != EventKind::RangeEnd;
          append(index(ev.range.scope.id), ev.time, begin ? TimelineKind::AssistBegin : TimelineKind::AssistEnd,
                 ev.kind == EventKind::RangeBegin ? ev.stack : kNoStack);
        }
        break;
      case EventKind::StackSample:
        t_.samples_.push_back(
            TimelineSample{ev.time, ev.goroutine == kNoGoroutine ? kNoGoroutineIndex : index(ev.goroutine), ev.stack});
        break;
      case EventKind::TaskBegin:
      case EventKind::TaskEnd:
      case EventKind::RegionBegin:
      case EventKind::RegionEnd:
      case EventKind::Log:
        if (ev.goroutine != kNoGoroutine) append(index(ev.goroutine), ev.time, TimelineKind::Annotation, ev.stack);
        break;
      default:
        break;
    }
  }

  void finish() {
    for (Goroutine& g : t_.goroutines_) {
      if (!g.rootFinal && g.rootFunction == 0 && g.createdWith != kNoStack) considerRoot(g, g.createdWith, true);
    }
  }

 private:
  void transition(const Event& ev) {
    const GoState from = ev.transition.goFrom();
    const GoState to = ev.transition.goTo();
    if (from == to || from == GoState::Undetermined) return;  // a status report, not a change
    const uint32_t r = index(ev.transition.resource.id);
    const uint32_t actor = ev.goroutine == kNoGoroutine ? kNoGoroutineIndex : index(ev.goroutine);
    if (from == GoState::NotExist) {
      const uint32_t at = append(actor, ev.time, TimelineKind::Create, ev.stack);
      if (inGarbageCollector(ev.stack)) t_.events_[at].flags |= kRuntimeWake;
      Goroutine& created = t_.goroutines_[r];
      created.createdWith = ev.transition.stack;
      if (to == GoState::Runnable) created.ready = at;
      return;
    }
    if (to == GoState::NotExist) {
      append(r, ev.time, TimelineKind::End, ev.stack);
      return;
    }
    switch (from) {
      case GoState::Runnable:
        if (to == GoState::Running) {
          const uint32_t ready = t_.goroutines_[r].ready;
          const uint32_t at = append(r, ev.time, TimelineKind::Start, kNoStack, ready);
          if (ready != kNoEvent) {
            TimelineEvent& cause = t_.events_[ready];
            if (cause.kind == TimelineKind::Create || cause.kind == TimelineKind::Unblock) cause.link = at;
          }
          t_.goroutines_[r].ready = kNoEvent;
        }
        return;
      case GoState::Running:
        if (to == GoState::Waiting) {
          // Blocked inside the collector (an assist waiting for the mark
          // phase to finish blocks on a semaphore, "sync"): waiting for GC.
          const WaitClass wait = inGarbageCollector(ev.stack)
                                     ? WaitClass::Gc
                                     : waitClassOfReason(t_.tables_->strings.view(ev.transition.reason));
          const uint32_t at = append(r, ev.time, TimelineKind::Block, ev.stack, kNoEvent, wait);
          t_.goroutines_[r].block = at;
        } else if (to == GoState::Runnable) {
          const uint32_t at = append(r, ev.time, TimelineKind::Yield, ev.stack, kNoEvent, WaitClass::Cpu);
          t_.goroutines_[r].ready = at;
        } else if (to == GoState::Syscall) {
          const uint32_t at = append(r, ev.time, TimelineKind::SyscallBegin, ev.stack);
          t_.goroutines_[r].syscall = at;
        }
        return;
      case GoState::Syscall:
        if (to == GoState::Running) {
          append(r, ev.time, TimelineKind::SyscallEnd, ev.stack);
        } else if (to == GoState::Runnable) {
          const uint32_t at = append(r, ev.time, TimelineKind::SyscallEndBlocked, ev.stack);
          Goroutine& g = t_.goroutines_[r];
          if (g.syscall != kNoEvent) t_.events_[g.syscall].wait = WaitClass::Syscall;
          g.ready = at;
        }
        t_.goroutines_[r].syscall = kNoEvent;
        return;
      case GoState::Waiting:
        if (to == GoState::Runnable) {
          const uint32_t at = append(actor, ev.time, TimelineKind::Unblock, ev.stack);
          Goroutine& g = t_.goroutines_[r];
          // Ending a wait for the collector (an assist parked for credit,
          // flushed by whichever goroutine allocates next) is the GC's doing.
          const bool gcWait = g.block != kNoEvent && t_.events_[g.block].wait == WaitClass::Gc;
          if (gcWait || inGarbageCollector(ev.stack)) t_.events_[at].flags |= kRuntimeWake;
          if (g.block != kNoEvent) t_.events_[g.block].link = at;
          g.block = kNoEvent;
          g.ready = at;
        }
        return;
      default:
        return;
    }
  }

  uint32_t append(uint32_t g, int64_t time, TimelineKind kind, StackId stack, uint32_t link = kNoEvent,
                  WaitClass wait = WaitClass::None) {
    if (t_.events_.size() >= std::numeric_limits<uint32_t>::max() - 1) {
      throw Error("trace too large: more than 4 billion goroutine events");
    }
    const auto at = uint32_t(t_.events_.size());
    t_.events_.push_back(TimelineEvent{time, g, stack, link, kind, wait, 0});
    t_.next_.push_back(kNoEvent);
    Goroutine& gr = t_.goroutines_[g];
    if (gr.last != kNoEvent) t_.next_[gr.last] = at;
    if (gr.first == kNoEvent) gr.first = at;
    gr.last = at;
    if (!gr.rootFinal && stack != kNoStack && g != kNoGoroutineIndex) considerRoot(gr, stack, false);
    return at;
  }

  void considerRoot(Goroutine& g, StackId stack, bool fallback) {
    auto frames = t_.tables_->stacks.frames(stack);
    if (frames.empty()) return;
    const bool deep = frames.size() >= 2;
    if (deep || g.rootFunction == 0 || fallback) g.rootFunction = t_.tables_->stacks.frame(frames.back()).func;
    if (deep) g.rootFinal = true;
  }

  uint32_t index(int64_t id) {
    auto [it, added] = ids_.try_emplace(id, uint32_t(t_.goroutines_.size()));
    if (added) {
      t_.goroutines_.emplace_back();
      t_.goroutines_.back().id = id;
    }
    return it->second;
  }

  // Whether the stack runs in the garbage collector or the allocator.
  bool inGarbageCollector(StackId stack) {
    if (stack == kNoStack) return false;
    if (stack >= gcStacks_.size()) gcStacks_.resize(std::max<size_t>(t_.tables_->stacks.size(), stack + 1), -1);
    int8_t& known = gcStacks_[stack];
    if (known < 0) {
      known = 0;
      for (FrameId f : t_.tables_->stacks.frames(stack)) {
        std::string_view func = t_.tables_->strings.view(t_.tables_->stacks.frame(f).func);
        if (func == "runtime.mallocgc" || func.starts_with("runtime.gc")) known = 1;
      }
    }
    return known == 1;
  }

  bool isAssist(StringId name) {
    if (assistName_ == 0 && t_.tables_->strings.view(name) == model::kGcAssistRange) assistName_ = name;
    return name == assistName_ && name != 0;
  }

  GoroutineTimelines& t_;
  std::unordered_map<int64_t, uint32_t> ids_;
  std::vector<int8_t> gcStacks_;  // by stack id: -1 unknown
  StringId assistName_ = 0;
  bool started_ = false;
};

GoroutineTimelineBuilder::GoroutineTimelineBuilder(const TraceTables& tables) {
  timelines_.tables_ = &tables;
  builder_ = std::make_unique<GoroutineTimelines::Builder>(timelines_);
}

GoroutineTimelineBuilder::~GoroutineTimelineBuilder() = default;

void GoroutineTimelineBuilder::add(const Event& ev, const TraceTables& tables) { builder_->add(ev, tables.traceStart); }

void GoroutineTimelineBuilder::finish() { builder_->finish(); }

GoroutineTimelines GoroutineTimelines::read(TraceReader& reader, std::optional<Error>* damage) {
  GoroutineTimelineBuilder builder(reader.tables());
  std::optional<Error> error = readInto(reader, builder);
  if (error && !damage) throw *error;
  if (damage) *damage = std::move(error);
  return builder.take();
}

}  // namespace gotrace
