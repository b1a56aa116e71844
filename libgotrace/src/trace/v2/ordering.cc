#include "v2/ordering.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"

namespace gotrace::v2 {
namespace {

// Wire status -> model state.
GoState goStateOf(uint64_t status) {
  switch (status) {
    case kGoRunnable: return GoState::Runnable;
    case kGoRunning: return GoState::Running;
    case kGoSyscall: return GoState::Syscall;
    case kGoWaiting: return GoState::Waiting;
    default: return GoState::Undetermined;
  }
}

ProcState procStateOf(uint64_t status) {
  switch (status) {
    case kProcRunning:
    case kProcSyscall: return ProcState::Running;
    case kProcIdle:
    case kProcSyscallAbandoned: return ProcState::Idle;
    default: return ProcState::Undetermined;
  }
}

std::string_view goStatusName(uint8_t s) {
  switch (s) {
    case kGoRunnable: return "Runnable";
    case kGoRunning: return "Running";
    case kGoSyscall: return "Syscall";
    case kGoWaiting: return "Waiting";
    default: return "Bad";
  }
}

std::string_view procStatusName(uint8_t s) {
  switch (s) {
    case kProcRunning: return "Running";
    case kProcIdle: return "Idle";
    case kProcSyscall: return "Syscall";
    default: return "Bad";
  }
}

constexpr int64_t kNone = -1;

}  // namespace

Ordering::Ordering(TableResolver& tables) : tables_(tables) {
  gomaxprocsMetric_ = tables_.intern(model::kGomaxprocsMetric);
  heapAllocMetric_ = tables_.intern(model::kHeapAllocMetric);
  heapGoalMetric_ = tables_.intern(model::kHeapGoalMetric);
  gcMarkName_ = tables_.intern(model::kGcMarkRange);
  gcSweepName_ = tables_.intern(model::kGcSweepRange);
  gcAssistName_ = tables_.intern(model::kGcAssistRange);
}

bool Ordering::dispatch(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  switch (ev.type) {
    case EvProcsChange: return annotation(ev, cur, next, gen);
    case EvProcStart: return procStart(ev, cur, next, gen);
    case EvProcStop: return procStop(ev, cur, next, gen);
    case EvProcSteal: return procSteal(ev, cur, next, gen);
    case EvProcStatus: return procStatus(ev, cur, next, gen);
    case EvGoCreate:
    case EvGoCreateBlocked: return goCreate(ev, cur, next, gen);
    case EvGoCreateSyscall: return goCreateSyscall(ev, cur, next, gen);
    case EvGoStart: return goStart(ev, cur, next, gen);
    case EvGoDestroy:
    case EvGoStop:
    case EvGoBlock: return goStopExec(ev, cur, next, gen);
    case EvGoDestroySyscall: return goDestroySyscall(ev, cur, next, gen);
    case EvGoUnblock: return goUnblock(ev, cur, next, gen);
    case EvGoSyscallBegin: return goSyscallBegin(ev, cur, next, gen);
    case EvGoSyscallEnd: return goSyscallEnd(ev, cur, next, gen);
    case EvGoSyscallEndBlocked: return goSyscallEndBlocked(ev, cur, next, gen);
    case EvGoStatus:
    case EvGoStatusStack: return goStatus(ev, cur, next, gen);
    case EvSTWBegin:
    case EvGCMarkAssistBegin: return goRangeBegin(ev, cur, next, gen);
    case EvSTWEnd:
    case EvGCMarkAssistEnd: return goRangeEnd(ev, cur, next, gen);
    case EvGCMarkAssistActive: return goRangeActive(ev, cur, next, gen);
    case EvGCActive: return gcActive(ev, cur, next, gen);
    case EvGCBegin: return gcBegin(ev, cur, next, gen);
    case EvGCEnd: return gcEnd(ev, cur, next, gen);
    case EvGCSweepActive: return sweepActive(ev, cur, next, gen);
    case EvGCSweepBegin: return sweepBegin(ev, cur, next, gen);
    case EvGCSweepEnd: return sweepEnd(ev, cur, next, gen);
    case EvHeapAlloc:
    case EvHeapGoal: return heapMetric(ev, cur, next, gen);
    case EvGoLabel:
    case EvUserLog: return annotation(ev, cur, next, gen);
    case EvUserTaskBegin: return taskBegin(ev, cur, next, gen);
    case EvUserTaskEnd: return taskEnd(ev, cur, next, gen);
    case EvUserRegionBegin: return regionBegin(ev, cur, next, gen);
    case EvUserRegionEnd: return regionEnd(ev, cur, next, gen);
    case EvGoSwitch:
    case EvGoSwitchDestroy: return goSwitch(ev, cur, next, gen);
    default:
      if (ev.type >= EvSpan && ev.type <= EvGoroutineStackFree) return allocFree(ev, cur, next, gen);
      fail(ev, fmt::format("bad event type found while ordering: {}", ev.type));
  }
}

size_t Ordering::advance(const WireEvent& ev, int64_t m, uint64_t gen, Event* out) {
  if (initialGen_ == 0) initialGen_ = gen;
  Ctx cur;
  cur.m = m;
  ThreadInfo* thread = nullptr;
  if (m != kNone) {
    // Consecutive events mostly come from one thread. (Entries stay put
    // while others are added, so the pointer stays good.)
    if (m != lastThreadId_ || !lastThread_) {
      lastThread_ = &threads_[m];  // created on first use, with no P and no G
      lastThreadId_ = m;
    }
    thread = lastThread_;
    cur.p = thread->p;
    cur.g = thread->g;
  }
  Ctx next = cur;
  out_ = out;
  emitted_ = 0;
  if (!dispatch(ev, cur, next, gen)) return 0;
  if (thread) {
    thread->p = next.p;
    thread->g = next.g;
  }
  return emitted_;
}

void Ordering::fail(const WireEvent& ev, std::string message) const { throw Error(std::move(message), ev.offset); }

std::string_view Ordering::nameOf(uint8_t type) const {
  const EventSpec* s = specOf(type);
  return s ? s->name : std::string_view("?");
}

void Ordering::require(const WireEvent& ev, const Ctx& ctx, Need m, Need p, Need g) const {
  if (m == Need::Must && ctx.m == kNone) fail(ev, "expected a thread but didn't have one");
  if (m == Need::MustNot && ctx.m != kNone) fail(ev, "expected no thread but had one");
  if (p == Need::Must && ctx.p == kNone) fail(ev, "expected a proc but didn't have one");
  if (p == Need::MustNot && ctx.p != kNone) fail(ev, "expected no proc but had one");
  if (g == Need::Must && ctx.g == kNone) fail(ev, "expected a goroutine but didn't have one");
  if (g == Need::MustNot && ctx.g != kNone) fail(ev, "expected no goroutine but had one");
}

Ordering::GoroutineInfo& Ordering::runningGoroutine(const WireEvent& ev, const Ctx& ctx, uint8_t wantStatus,
                                                     std::string_view wantName) {
  GoroutineInfo* g = findGoroutine(ctx.g);
  if (!g) fail(ev, fmt::format("event {} for goroutine ({}) that doesn't exist", nameOf(ev.type), ctx.g));
  if (g->status != wantStatus) {
    fail(ev, fmt::format("{} event for goroutine that's not {}", nameOf(ev.type), wantName));
  }
  return *g;
}

Event& Ordering::emitSynthesized(int64_t time, const Ctx& ctx, EventKind kind) {
  Event& e = out_[emitted_++];
  e = Event();
  e.time = time;
  e.thread = ctx.m;
  e.proc = ctx.p;
  e.goroutine = ctx.g;
  e.kind = kind;
  return e;
}

Event& Ordering::emit(const WireEvent& ev, const Ctx& ctx, EventKind kind) {
  // The table ids of an event are checked once it is known to be in order.
  const EventSpec& spec = *specOf(ev.type);
  for (int8_t i : spec.stackArgs) {
    if (i >= 0 && !tables_.hasStack(ev.args[i])) {
      fail(ev, fmt::format("found invalid stack ID {} for event {}", ev.args[i], spec.name));
    }
  }
  for (int8_t i : spec.stringArgs) {
    if (i >= 0 && !tables_.hasString(ev.args[i])) {
      fail(ev, fmt::format("found invalid string ID {} for event {}", ev.args[i], spec.name));
    }
  }
  Event& e = emitSynthesized(ev.time, ctx, kind);
  if (spec.stackArgs[0] >= 0) e.stack = tables_.stack(ev.args[spec.stackArgs[0]]);
  return e;
}

void Ordering::emitTransition(const WireEvent& ev, const Ctx& ctx, ResourceKind kind, int64_t id, ResourceState from,
                              ResourceState to, StringId reason, StackId stack) {
  Event& e = emit(ev, ctx, EventKind::StateTransition);
  e.transition = StateTransition{{kind, id}, from, to, reason, stack};
}

Ordering::GoroutineInfo* Ordering::findGoroutine(int64_t id) { return goroutines_.find(id); }

Ordering::ProcInfo* Ordering::findProc(int64_t id) { return procs_.find(id); }

// ---- Procs ----

bool Ordering::procStatus(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  const int64_t pid = int64_t(ev.args[0]);
  const uint64_t status = ev.args[1];
  if (status > kProcSyscallAbandoned) fail(ev, fmt::format("invalid status for proc {}: {}", pid, status));
  ResourceState oldState = procStateOf(status);
  ResourceState newState = procStateOf(status);
  bool promoted = false;
  if (ProcInfo* existing = procs_.find(pid)) {
    ProcInfo& p = *existing;
    if (status == kProcSyscallAbandoned && p.status == kProcSyscall) {
      // The proc is known to be in a syscall: nothing was lost, it is about
      // to be stolen from the thread it is bound to.
      promoted = true;
      oldState = newState = ProcState::Running;
    } else if (status == kProcSyscallAbandoned && p.status == kProcSyscallAbandoned) {
      oldState = newState = ProcState::Idle;
    } else if (p.status != status) {
      fail(ev, fmt::format("inconsistent status for proc {}: old {} vs. new {}", pid, procStatusName(p.status),
                           procStatusName(uint8_t(status))));
    }
    p.seq = Seq{gen, 0};
  } else {
    procs_[pid] = ProcInfo{uint8_t(status), Seq{gen, 0}, {}};
    oldState = gen == initialGen_ ? ProcState::Undetermined : ProcState::NotExist;
  }
  if (status == kProcRunning || status == kProcSyscall) next.p = pid;
  if (promoted) {
    // Report the event in the context of the thread the proc is bound to.
    bool found = false;
    threads_.forEach([&](int64_t mid, const ThreadInfo& t) {
      if (t.p == pid) {
        cur = Ctx{mid, pid, t.g};
        found = true;
      }
    });
    if (!found) fail(ev, fmt::format("failed to find sched context for proc {} that's about to be stolen", pid));
  }
  emitTransition(ev, cur, ResourceKind::Proc, pid, oldState, newState);
  return true;
}

bool Ordering::procStart(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  const int64_t pid = int64_t(ev.args[0]);
  ProcInfo* p = findProc(pid);
  if (!ready(p, kProcIdle, gen, ev.args[1]) || cur.p != kNone) return false;
  require(ev, cur, Need::Must, Need::MustNot, Need::May);
  p->status = kProcRunning;
  p->seq = Seq{gen, ev.args[1]};
  next.p = pid;
  emitTransition(ev, cur, ResourceKind::Proc, pid, ProcState::Idle, ProcState::Running);
  return true;
}

bool Ordering::procStop(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t) {
  ProcInfo* p = findProc(cur.p);
  if (!p) fail(ev, fmt::format("event {} for proc ({}) that doesn't exist", nameOf(ev.type), cur.p));
  if (p->status != kProcRunning && p->status != kProcSyscall) {
    fail(ev, fmt::format("{} event for proc that's not Running or Syscall", nameOf(ev.type)));
  }
  require(ev, cur, Need::Must, Need::Must, Need::May);
  p->status = kProcIdle;
  next.p = kNone;
  emitTransition(ev, cur, ResourceKind::Proc, cur.p, ProcState::Running, ProcState::Idle);
  return true;
}

bool Ordering::procSteal(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  const int64_t pid = int64_t(ev.args[0]);
  ProcInfo* p = findProc(pid);
  if (!ready(p, kProcSyscall, gen, ev.args[1]) && !ready(p, kProcSyscallAbandoned, gen, ev.args[1])) return false;
  require(ev, cur, Need::Must, Need::May, Need::May);
  const uint8_t oldStatus = p->status;
  p->status = kProcIdle;
  p->seq = Seq{gen, ev.args[1]};
  if (oldStatus == kProcSyscallAbandoned) {
    // The thread it was taken from is unknown: nothing else to update.
    emitTransition(ev, cur, ResourceKind::Proc, pid, ProcState::Idle, ProcState::Idle);
    return true;
  }
  const int64_t victim = int64_t(ev.args[2]);
  if (victim == cur.m) {
    if (cur.p != pid) {
      fail(ev, fmt::format("tried to self-steal proc {} (thread {}), but got proc {} instead", pid, victim, cur.p));
    }
    next.p = kNone;
  } else {
    ThreadInfo* t = threads_.find(victim);
    if (!t) fail(ev, fmt::format("stole proc from non-existent thread {}", victim));
    if (t->p != pid) {
      fail(ev, fmt::format("tried to steal proc {} from thread {}, but got proc {} instead", pid, victim, t->p));
    }
    // The victim thread, blocked in its syscall, may now proceed without it.
    t->p = kNone;
  }
  emitTransition(ev, cur, ResourceKind::Proc, pid, ProcState::Running, ProcState::Idle);
  return true;
}

// ---- Goroutines ----

bool Ordering::goStatus(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  const int64_t gid = int64_t(ev.args[0]);
  const int64_t mid = int64_t(ev.args[1]);
  const uint64_t status = ev.args[2];
  if (status > kGoWaiting) fail(ev, fmt::format("invalid status for goroutine {}: {}", gid, status));
  ResourceState oldState = goStateOf(status);
  if (GoroutineInfo* g = findGoroutine(gid)) {
    if (g->status != status) {
      fail(ev, fmt::format("inconsistent status for goroutine {}: old {} vs. new {}", gid, goStatusName(g->status),
                           goStatusName(uint8_t(status))));
    }
    g->seq = Seq{gen, 0};
  } else if (gen == initialGen_) {
    goroutines_[gid] = GoroutineInfo{uint8_t(status), Seq{gen, 0}, {}, {}};
    oldState = GoState::Undetermined;
  } else {
    fail(ev, fmt::format("found goroutine status for new goroutine after the first generation: id={} status={}",
                         gid, goStatusName(uint8_t(status))));
  }
  if (status == kGoRunning) {
    next.g = gid;
  } else if (status == kGoSyscall) {
    if (mid == kNone) fail(ev, fmt::format("found goroutine {} in syscall without a thread", gid));
    if (mid == cur.m) {
      if (gen != initialGen_ && cur.g != gid) {
        fail(ev, fmt::format("inconsistent thread for syscalling goroutine {}: thread has goroutine {}", gid, cur.g));
      }
      next.g = gid;
    } else {
      // A goroutine that has sat in a syscall on another thread for the
      // whole generation.
      if (ThreadInfo* t = threads_.find(mid)) {
        if (t->g != gid) {
          fail(ev, fmt::format("inconsistent thread for syscalling goroutine {}: thread has goroutine {}", gid, t->g));
        }
        cur.g = t->g;
      } else {
        threads_[mid] = ThreadInfo{gid, kNone};
      }
      cur.m = mid;
    }
  }
  Event& e = emit(ev, cur, EventKind::StateTransition);
  // GoStatusStack's stack (validated by emit) is the goroutine's own.
  e.transition = StateTransition{{ResourceKind::Goroutine, gid}, oldState, goStateOf(status), 0, e.stack};
  return true;
}

bool Ordering::goCreate(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t gen) {
  require(ev, cur, Need::Must, Need::Must, Need::May);
  const GoroutineInfo* creator = goroutines_.find(cur.g);
  if (creator && creator->status != kGoRunning) {
    fail(ev, fmt::format("{} event for goroutine that's not Running", nameOf(ev.type)));
  }
  const int64_t gid = int64_t(ev.args[0]);
  if (goroutines_.contains(gid)) fail(ev, fmt::format("tried to create goroutine ({}) that already exists", gid));
  const bool blocked = ev.type == EvGoCreateBlocked;
  goroutines_[gid] = GoroutineInfo{uint8_t(blocked ? kGoWaiting : kGoRunnable), Seq{gen, 0}, {}, {}};
  // Validate before resolving the new goroutine's stack.
  Event& e = emit(ev, cur, EventKind::StateTransition);
  e.transition = StateTransition{{ResourceKind::Goroutine, gid},
                                 GoState::NotExist,
                                 blocked ? GoState::Waiting : GoState::Runnable,
                                 0,
                                 tables_.stackOrEmpty(ev.args[1])};
  return true;
}

bool Ordering::goCreateSyscall(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  require(ev, cur, Need::Must, Need::May, Need::MustNot);
  const int64_t gid = int64_t(ev.args[0]);
  if (goroutines_.contains(gid)) {
    fail(ev, fmt::format("tried to create goroutine ({}) in syscall that already exists", gid));
  }
  goroutines_[gid] = GoroutineInfo{kGoSyscall, Seq{gen, 0}, {}, {}};
  next.g = gid;
  emitTransition(ev, cur, ResourceKind::Goroutine, gid, GoState::NotExist, GoState::Syscall);
  return true;
}

bool Ordering::goStart(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  const int64_t gid = int64_t(ev.args[0]);
  GoroutineInfo* g = findGoroutine(gid);
  if (!ready(g, kGoRunnable, gen, ev.args[1])) return false;
  require(ev, cur, Need::Must, Need::Must, Need::MustNot);
  g->status = kGoRunning;
  g->seq = Seq{gen, ev.args[1]};
  next.g = gid;
  emitTransition(ev, cur, ResourceKind::Goroutine, gid, GoState::Runnable, GoState::Running);
  return true;
}

bool Ordering::goStopExec(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  GoroutineInfo& g = runningGoroutine(ev, cur, kGoRunning, "Running");
  next.g = kNone;
  if (ev.type == EvGoDestroy) {
    goroutines_.erase(cur.g);
    emitTransition(ev, cur, ResourceKind::Goroutine, cur.g, GoState::Running, GoState::NotExist);
    return true;
  }
  const bool stop = ev.type == EvGoStop;
  g.status = stop ? kGoRunnable : kGoWaiting;
  Event& e = emit(ev, cur, EventKind::StateTransition);
  e.transition = StateTransition{{ResourceKind::Goroutine, cur.g},
                                 GoState::Running,
                                 stop ? GoState::Runnable : GoState::Waiting,
                                 tables_.string(ev.args[0]),
                                 e.stack};
  return true;
}

bool Ordering::goUnblock(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t gen) {
  const int64_t gid = int64_t(ev.args[0]);
  GoroutineInfo* g = findGoroutine(gid);
  if (!ready(g, kGoWaiting, gen, ev.args[1])) return false;
  g->status = kGoRunnable;
  g->seq = Seq{gen, ev.args[1]};
  emitTransition(ev, cur, ResourceKind::Goroutine, gid, GoState::Waiting, GoState::Runnable);
  return true;
}

bool Ordering::goSwitch(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t gen) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  GoroutineInfo& self = runningGoroutine(ev, cur, kGoRunning, "Running");
  const int64_t target = int64_t(ev.args[0]);
  if (!ready(findGoroutine(target), kGoWaiting, gen, ev.args[1])) return false;
  // One switch is three model events at the same time: the target is
  // unblocked, the current goroutine blocks (or exits), the target starts.
  emitTransition(ev, cur, ResourceKind::Goroutine, target, GoState::Waiting, GoState::Runnable);
  Event& out = emitSynthesized(ev.time, cur, EventKind::StateTransition);
  if (ev.type == EvGoSwitch) {
    self.status = kGoWaiting;
    out.transition = StateTransition{{ResourceKind::Goroutine, cur.g}, GoState::Running,
                                     GoState::Waiting, 0, kNoStack};
  } else {
    out.transition = StateTransition{{ResourceKind::Goroutine, cur.g}, GoState::Running,
                                     GoState::NotExist, 0, kNoStack};
    goroutines_.erase(cur.g);
  }
  GoroutineInfo& t = goroutines_[target];
  t.status = kGoRunning;
  t.seq = Seq{gen, ev.args[1]};
  next.g = target;
  Ctx startCtx = cur;
  startCtx.g = kNone;
  Event& start = emitSynthesized(ev.time, startCtx, EventKind::StateTransition);
  start.transition = StateTransition{{ResourceKind::Goroutine, target}, GoState::Runnable,
                                     GoState::Running, 0, kNoStack};
  return true;
}

bool Ordering::goSyscallBegin(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t gen) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  GoroutineInfo& g = runningGoroutine(ev, cur, kGoRunning, "Running");
  g.status = kGoSyscall;
  ProcInfo* p = procs_.find(cur.p);
  if (!p) fail(ev, fmt::format("uninitialized proc {} found during {}", cur.p, nameOf(ev.type)));
  p->status = kProcSyscall;
  if (!p->seq.followedBy(gen, ev.args[0])) {
    fail(ev, fmt::format("failed to advance {}: can't make sequence: {} (gen={}) -> {} (gen={})", nameOf(ev.type),
                         p->seq.n, p->seq.gen, ev.args[0], gen));
  }
  p->seq = Seq{gen, ev.args[0]};
  Event& e = emit(ev, cur, EventKind::StateTransition);
  e.transition = StateTransition{{ResourceKind::Goroutine, cur.g}, GoState::Running,
                                 GoState::Syscall, 0, e.stack};
  return true;
}

bool Ordering::goSyscallEnd(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  // Go's message says "Running" here although the goroutine must be in a
  // syscall; kept for identical error texts.
  GoroutineInfo& g = runningGoroutine(ev, cur, kGoSyscall, "Running");
  g.status = kGoRunning;
  ProcInfo* p = procs_.find(cur.p);
  if (!p) fail(ev, fmt::format("uninitialized proc {} found during {}", cur.p, nameOf(ev.type)));
  if (p->status != kProcSyscall) {
    fail(ev, fmt::format("expected proc {} in state Syscall, but got {} instead", cur.p,
                         procStatusName(p->status)));
  }
  p->status = kProcRunning;
  emitTransition(ev, cur, ResourceKind::Goroutine, cur.g, GoState::Syscall, GoState::Running);
  return true;
}

bool Ordering::goSyscallEndBlocked(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t) {
  if (cur.p != kNone) {
    ProcInfo* p = procs_.find(cur.p);
    if (!p) fail(ev, fmt::format("uninitialized proc {} found during {}", cur.p, nameOf(ev.type)));
    // Wait until the proc has been taken away from this thread.
    if (p->status == kProcSyscall) return false;
  }
  require(ev, cur, Need::Must, Need::May, Need::Must);
  GoroutineInfo& g = runningGoroutine(ev, cur, kGoSyscall, "Running");
  g.status = kGoRunnable;
  next.g = kNone;
  emitTransition(ev, cur, ResourceKind::Goroutine, cur.g, GoState::Syscall, GoState::Runnable);
  return true;
}

bool Ordering::goDestroySyscall(const WireEvent& ev, Ctx& cur, Ctx& next, uint64_t) {
  require(ev, cur, Need::Must, Need::May, Need::Must);
  runningGoroutine(ev, cur, kGoSyscall, "Syscall");
  goroutines_.erase(cur.g);
  next.g = kNone;
  if (cur.p != kNone) {
    // The thread gives up its proc too: its id may be reused by the OS.
    ProcInfo* p = procs_.find(cur.p);
    if (!p) fail(ev, fmt::format("found invalid proc {} during {}", cur.p, nameOf(ev.type)));
    if (p->status != kProcSyscall) {
      fail(ev, fmt::format("proc {} in unexpected state {} during {}", cur.p, procStatusName(p->status),
                           nameOf(ev.type)));
    }
    p->status = kProcSyscallAbandoned;
    next.p = kNone;
    Event& steal = emitSynthesized(ev.time, cur, EventKind::StateTransition);
    steal.transition = StateTransition{{ResourceKind::Proc, cur.p}, ProcState::Running,
                                       ProcState::Idle, 0, kNoStack};
  }
  emitTransition(ev, cur, ResourceKind::Goroutine, cur.g, GoState::Syscall, GoState::NotExist);
  return true;
}

// ---- Ranges ----

void Ordering::beginRange(std::vector<InFlight>& ranges, const WireEvent& ev, InFlight r) {
  for (const InFlight& x : ranges) {
    if (x == r) fail(ev, fmt::format("discovered event already in-flight for when starting event {}", nameOf(r.beginType)));
  }
  ranges.push_back(r);
}

void Ordering::activeRange(std::vector<InFlight>& ranges, const WireEvent& ev, InFlight r, uint64_t gen) {
  bool present = false;
  for (const InFlight& x : ranges) present |= x == r;
  if (gen == initialGen_) {
    if (present) fail(ev, fmt::format("found named active range already in first gen: {{{} {}}}", r.beginType, r.kind));
    ranges.push_back(r);
  } else if (!present) {
    fail(ev, fmt::format("resource is missing active range: {}", nameOf(r.beginType)));
  }
}

StringId Ordering::endRange(std::vector<InFlight>& ranges, const WireEvent& ev, uint8_t beginType) {
  for (size_t i = 0; i < ranges.size(); i++) {
    if (ranges[i].beginType == beginType) {
      StringId kind = ranges[i].kind;
      ranges[i] = ranges.back();
      ranges.pop_back();
      return kind;
    }
  }
  fail(ev, fmt::format("tried to end event {}, but not in-flight", nameOf(beginType)));
}

StringId Ordering::stwName(StringId kind) {
  auto [it, added] = stwNames_.try_emplace(kind, 0);
  if (added) it->second = tables_.intern(fmt::format("{} ({})", model::kStopTheWorldRange, tables_.text(kind)));
  return it->second;
}

bool Ordering::goRangeBegin(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  const bool stw = ev.type == EvSTWBegin;
  // Validate before resolving the kind string.
  GoroutineInfo* g = findGoroutine(cur.g);
  if (!g) {
    fail(ev, fmt::format("encountered event of type {} without known state for current goroutine {}", ev.type, cur.g));
  }
  StringId kind = 0;
  if (stw) {
    if (!tables_.hasString(ev.args[0])) {
      fail(ev, fmt::format("found invalid string ID {} for event {}", ev.args[0], nameOf(ev.type)));
    }
    kind = tables_.string(ev.args[0]);
  }
  beginRange(g->ranges, ev, InFlight{ev.type, kind});
  Event& e = emit(ev, cur, EventKind::RangeBegin);
  e.range = RangeInfo{stw ? stwName(kind) : gcAssistName_, {ResourceKind::Goroutine, cur.g}, false, 0, 0};
  return true;
}

bool Ordering::goRangeActive(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t gen) {
  const int64_t gid = int64_t(ev.args[0]);
  GoroutineInfo* g = findGoroutine(gid);
  if (!g) fail(ev, fmt::format("uninitialized goroutine {} found during {}", gid, nameOf(ev.type)));
  activeRange(g->ranges, ev, InFlight{EvGCMarkAssistBegin, 0}, gen);
  Event& e = emit(ev, cur, EventKind::RangeActive);
  e.range = RangeInfo{gcAssistName_, {ResourceKind::Goroutine, gid}, false, 0, 0};
  return true;
}

bool Ordering::goRangeEnd(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  GoroutineInfo* g = findGoroutine(cur.g);
  if (!g) {
    fail(ev, fmt::format("encountered event of type {} without known state for current goroutine {}", ev.type, cur.g));
  }
  const bool stw = ev.type == EvSTWEnd;
  StringId kind = endRange(g->ranges, ev, stw ? EvSTWBegin : EvGCMarkAssistBegin);
  Event& e = emit(ev, cur, EventKind::RangeEnd);
  e.range = RangeInfo{stw ? stwName(kind) : gcAssistName_, {ResourceKind::Goroutine, cur.g}, false, 0, 0};
  return true;
}

bool Ordering::gcActive(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t gen) {
  const uint64_t seq = ev.args[0];
  if (gen == initialGen_) {
    if (gcState_ != GcState::Undetermined) fail(ev, "GCActive in the first generation isn't first GC event");
  } else {
    if (seq != gcSeq_ + 1) return false;
    if (gcState_ != GcState::Running) fail(ev, "encountered GCActive while GC was not in progress");
    require(ev, cur, Need::Must, Need::Must, Need::Must);
  }
  gcSeq_ = seq;
  gcState_ = GcState::Running;
  Event& e = emit(ev, cur, EventKind::RangeActive);
  e.range = RangeInfo{gcMarkName_, {ResourceKind::None, 0}, false, 0, 0};
  return true;
}

bool Ordering::gcBegin(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  const uint64_t seq = ev.args[0];
  if (gcState_ != GcState::Undetermined) {
    if (seq != gcSeq_ + 1) return false;
    if (gcState_ == GcState::Running) fail(ev, "encountered GCBegin while GC was already in progress");
    gcSeq_ = seq;
    gcState_ = GcState::Running;
    require(ev, cur, Need::Must, Need::Must, Need::Must);
  }
  gcSeq_ = seq;
  gcState_ = GcState::Running;
  Event& e = emit(ev, cur, EventKind::RangeBegin);
  e.range = RangeInfo{gcMarkName_, {ResourceKind::None, 0}, false, 0, 0};
  return true;
}

bool Ordering::gcEnd(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  const uint64_t seq = ev.args[0];
  if (seq != gcSeq_ + 1) return false;
  if (gcState_ == GcState::NotRunning) fail(ev, "encountered GCEnd when GC was not in progress");
  if (gcState_ == GcState::Undetermined) fail(ev, "encountered GCEnd when GC was in an undetermined state");
  gcSeq_ = seq;
  gcState_ = GcState::NotRunning;
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  Event& e = emit(ev, cur, EventKind::RangeEnd);
  e.range = RangeInfo{gcMarkName_, {ResourceKind::None, 0}, false, 0, 0};
  return true;
}

bool Ordering::sweepBegin(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::May);
  beginRange(procs_[cur.p].ranges, ev, InFlight{EvGCSweepBegin, 0});
  Event& e = emit(ev, cur, EventKind::RangeBegin);
  e.range = RangeInfo{gcSweepName_, {ResourceKind::Proc, cur.p}, false, 0, 0};
  return true;
}

bool Ordering::sweepActive(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t gen) {
  const int64_t pid = int64_t(ev.args[0]);
  ProcInfo* p = findProc(pid);
  if (!p) fail(ev, fmt::format("encountered GCSweepActive for unknown proc {}", pid));
  activeRange(p->ranges, ev, InFlight{EvGCSweepBegin, 0}, gen);
  Event& e = emit(ev, cur, EventKind::RangeActive);
  e.range = RangeInfo{gcSweepName_, {ResourceKind::Proc, pid}, false, 0, 0};
  return true;
}

bool Ordering::sweepEnd(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::May);
  endRange(procs_[cur.p].ranges, ev, EvGCSweepBegin);
  Event& e = emit(ev, cur, EventKind::RangeEnd);
  e.range = RangeInfo{gcSweepName_, {ResourceKind::Proc, cur.p}, true, ev.args[0], ev.args[1]};
  return true;
}

// ---- Annotations and metrics ----

bool Ordering::annotation(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  switch (ev.type) {
    case EvProcsChange: {
      Event& e = emit(ev, cur, EventKind::Metric);
      e.metric = MetricInfo{gomaxprocsMetric_, ev.args[0]};
      break;
    }
    case EvGoLabel: {
      Event& e = emit(ev, cur, EventKind::Label);
      e.label = LabelInfo{tables_.string(ev.args[0]), {ResourceKind::Goroutine, cur.g}};
      break;
    }
    default: {  // UserLog
      Event& e = emit(ev, cur, EventKind::Log);
      e.log = LogInfo{ev.args[0], tables_.string(ev.args[1]), tables_.string(ev.args[2])};
      break;
    }
  }
  return true;
}

bool Ordering::heapMetric(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::May);
  Event& e = emit(ev, cur, EventKind::Metric);
  e.metric = MetricInfo{ev.type == EvHeapAlloc ? heapAllocMetric_ : heapGoalMetric_, ev.args[0]};
  return true;
}

bool Ordering::taskBegin(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  const uint64_t id = ev.args[0];
  if (activeTasks_.count(id)) fail(ev, fmt::format("task ID conflict: {}", id));
  // A parent of 0 means "no parent", not the background task.
  const uint64_t parent = ev.args[1] == kBackgroundTask ? kNoTask : ev.args[1];
  if (!tables_.hasString(ev.args[2])) fail(ev, fmt::format("invalid string ID {} for {} event", ev.args[2], ev.type));
  const StringId type = tables_.string(ev.args[2]);
  activeTasks_[id] = Task{type, parent};
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  Event& e = emit(ev, cur, EventKind::TaskBegin);
  e.task = TaskInfo{id, parent, type};
  return true;
}

bool Ordering::taskEnd(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  const uint64_t id = ev.args[0];
  TaskInfo info{id, kNoTask, 0};
  auto it = activeTasks_.find(id);
  if (it != activeTasks_.end()) {
    // The begin may be in an earlier generation: its name travels as text.
    info.parent = it->second.parent;
    info.type = it->second.type;
    activeTasks_.erase(it);
  }
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  Event& e = emit(ev, cur, EventKind::TaskEnd);
  e.task = info;
  return true;
}

bool Ordering::regionBegin(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  if (!tables_.hasString(ev.args[1])) fail(ev, fmt::format("invalid string ID {} for {} event", ev.args[1], ev.type));
  const Region r{ev.args[0], tables_.string(ev.args[1])};
  GoroutineInfo* g = findGoroutine(cur.g);
  if (!g) fail(ev, fmt::format("encountered EvUserRegionBegin without known state for current goroutine {}", cur.g));
  g->regions.push_back(r);
  Event& e = emit(ev, cur, EventKind::RegionBegin);
  e.region = RegionInfo{r.task, r.name};
  return true;
}

bool Ordering::regionEnd(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::Must, Need::Must);
  if (!tables_.hasString(ev.args[1])) fail(ev, fmt::format("invalid string ID {} for {} event", ev.args[1], ev.type));
  const Region r{ev.args[0], tables_.string(ev.args[1])};
  GoroutineInfo* g = findGoroutine(cur.g);
  if (!g) fail(ev, fmt::format("encountered EvUserRegionEnd without known state for current goroutine {}", cur.g));
  auto& regions = g->regions;
  // Regions that began before the trace started end without a begin.
  if (!regions.empty()) {
    const Region& top = regions.back();
    if (!(top == r)) {
      fail(ev, fmt::format("misuse of region in goroutine {}: region end {{{} {}}} when the inner-most active "
                           "region start event is {{{} {}}}",
                           cur.g, r.task, tables_.text(r.name), top.task, tables_.text(top.name)));
    }
    regions.pop_back();
  }
  Event& e = emit(ev, cur, EventKind::RegionEnd);
  e.region = RegionInfo{r.task, r.name};
  return true;
}

bool Ordering::allocFree(const WireEvent& ev, Ctx& cur, Ctx&, uint64_t) {
  require(ev, cur, Need::Must, Need::May, Need::May);
  Event& e = emit(ev, cur, EventKind::Experimental);
  const EventSpec& spec = *specOf(ev.type);
  e.experimental = ExperimentalInfo{spec.experimental, {ev.args[0], ev.args[1], ev.args[2]}};
  return true;
}

std::string Ordering::dump() {
  std::string out;
  goroutines_.forEach([&](int64_t id, const GoroutineInfo& g) {
    out += fmt::format("G {} [status={} seq={} (gen={})]\n", id, goStatusName(g.status), g.seq.n, g.seq.gen);
  });
  out += "\n";
  procs_.forEach([&](int64_t id, const ProcInfo& p) {
    out += fmt::format("P {} [status={} seq={} (gen={})]\n", id, procStatusName(p.status), p.seq.n, p.seq.gen);
  });
  out += "\n";
  threads_.forEach([&](int64_t id, const ThreadInfo& t) { out += fmt::format("M {} [g={} p={}]\n", id, t.g, t.p); });
  return out;
}

}  // namespace gotrace::v2
