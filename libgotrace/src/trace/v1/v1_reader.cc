#include "v1/v1_reader.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "time_conversion.h"
#include "v1/event_types.h"

namespace gotrace::v1 {
namespace {

constexpr std::string_view kStwKinds[] = {"",
                                          "GC mark termination",
                                          "GC sweep termination",
                                          "write heap dump",
                                          "goroutine profile",
                                          "goroutine profile cleanup",
                                          "all goroutine stack trace",
                                          "read mem stats",
                                          "AllThreadsSyscall",
                                          "GOMAXPROCS",
                                          "start trace",
                                          "stop trace",
                                          "CountPagesInUse (test)",
                                          "ReadMetricsSlow (test)",
                                          "ReadMemStatsSlow (test)",
                                          "PageCachePagesLeaked (test)",
                                          "ResetDebugLog (test)"};

// Undetermined for goroutines and procs alike.
constexpr ResourceState kUndetermined;

}  // namespace

V1Reader::V1Reader(Input input, TraceVersion version, const ReadOptions& options, Path path)
    : TraceReader(version, input.name(), options), input_(std::move(input)), procs_(1024) {
  try {
    data_.version = version.minor;
    data_.base = input_.offset();
    data_.data = input_.readAll();
    setInputSize(data_.base + data_.data.size());
    // A v1 trace is indexed, ordered and then converted event by event:
    // progress moves through the three passes a third of the input at a time.
    const double all = double(data_.base + data_.data.size());
    const auto third = [&](int pass, double fraction) { reportProgressAt(uint64_t(all * (pass + fraction) / 3)); };
    const double size = double(std::max<size_t>(data_.data.size(), 1));
    indexBatches(data_, wantsProgress() ? [&](uint64_t indexed) { third(0, double(indexed) / size); }
                                        : std::function<void(uint64_t)>());
    bool fast = path == Path::Fast && data_.procs.size() + 1 <= EventOrder::kMaxStreams;
    if (fast) {
      MergeResult merged = mergeAndValidate(
          data_, wantsProgress() ? [&](uint64_t n, uint64_t total) { third(1, double(n) / double(std::max<uint64_t>(total, 1))); }
                                 : MergeProgress());
      if (data_.ticksPerSec == 0) throw Error("no EvFrequency event");
      fast = merged.validated;
      if (fast) {
        order_ = std::move(merged.order);
        orderReader_ = std::make_unique<OrderReader>(data_, order_);
        empty_ = order_.size() == 0;
        minTicks_ = order_.minTicks();
      }
    }
    if (!fast) orderByReference();
    nsPerTick_ = 1e9 / double(data_.ticksPerSec);
  } catch (Error& e) {
    e.setFile(inputName());
    throw;
  }
  gomaxprocsMetric_ = tables_.strings.intern(model::kGomaxprocsMetric);
  heapAllocMetric_ = tables_.strings.intern(model::kHeapAllocMetric);
  heapGoalMetric_ = tables_.strings.intern(model::kHeapGoalMetric);
  gcMarkName_ = tables_.strings.intern(model::kGcMarkRange);
  gcSweepName_ = tables_.strings.intern(model::kGcSweepRange);
  gcAssistName_ = tables_.strings.intern(model::kGcAssistRange);
}

void V1Reader::orderByReference() {
  // From scratch: reading batches fills the tables again.
  TraceData fresh;
  fresh.version = data_.version;
  fresh.base = data_.base;
  fresh.data = data_.data;
  data_ = std::move(fresh);
  indexBatches(data_);
  referenceOrder_ = reference::orderEvents(data_);
  if (data_.ticksPerSec == 0) throw Error("no EvFrequency event");
  reference::validateOrder(data_, referenceOrder_);
  referenceReader_ = std::make_unique<reference::OrderedEventReader>(data_, referenceOrder_);
  empty_ = referenceOrder_.empty();
  minTicks_ = referenceReader_->minTicks();
}

uint64_t V1Reader::bytePosition() const {
  const uint64_t all = data_.base + data_.data.size();
  const uint64_t events = orderReader_ ? order_.size() : referenceOrder_.size();
  const uint64_t done = orderReader_ ? orderReader_->position() : referenceNext_;
  // The third pass (see the constructor).
  return events == 0 ? all : uint64_t(double(all) * (2 + double(done) / double(events)) / 3);
}

int64_t V1Reader::nanos(int64_t ticks) const {
  return doubleToInt64(double(int64_t(uint64_t(ticks) - uint64_t(minTicks_))) * nsPerTick_);
}

bool V1Reader::nextOrdered(v1::Event& ev, bool& blockedSyscall) {
  if (referenceReader_) {
    if (referenceNext_ == referenceOrder_.size()) return false;
    const reference::OrderedEvent& oe = referenceOrder_[referenceNext_++];
    referenceReader_->read(oe, ev);
    blockedSyscall = oe.has(reference::OrderedEvent::kBlockedSyscall);
    return true;
  }
  bool flag;
  if (!orderReader_->next(ev, flag)) return false;
  // As Go's reader hands events on: times in nanoseconds since the first
  // event, "Local" variants renamed, special procs for timer unblocks,
  // syscall exits, GC starts and network unblocks.
  ev.ts = nanos(ev.ts);
  ev.type = withoutLocal(ev.type);
  blockedSyscall = false;
  switch (ev.type) {
    case EvGoUnblock:
      if (!data_.timerGoroutines.empty() && data_.timerGoroutines.count(ev.g)) ev.p = kTimerP;
      if (flag) ev.p = kNetpollP;
      break;
    case EvGoSysExit:
      ev.p = kSyscallP;
      break;
    case EvGCStart:
      ev.p = kGCP;
      break;
    case EvGoSysCall:
      blockedSyscall = flag;
      break;
    default:
      break;
  }
  return true;
}

bool V1Reader::readNext(gotrace::Event& out) {
  if (failed_) throw *failed_;
  if (done_) return false;
  if (!firstSyncDone_) {
    firstSyncDone_ = true;
    if (!empty_) {
      // A Sync just before the first event (which is at time 0).
      out = syncEvent(nanos(minTicks_) - 1, ++syncs_);
      return true;
    }
  }
  if (queueHead_ == queue_.size()) {
    queue_.clear();
    queueHead_ = 0;
    try {
      v1::Event ev;
      bool blockedSyscall;
      while (queue_.empty()) {
        if (!nextOrdered(ev, blockedSyscall)) {
          done_ = true;
          out = syncEvent(lastTs_ + 1, ++syncs_);
          return true;
        }
        convert(ev, blockedSyscall);
      }
    } catch (Error& e) {
      e.setFile(inputName());
      failed_ = e;
      throw;
    }
  }
  out = queue_[queueHead_++];
  // Times are made strictly increasing, as Go's converter does.
  if (out.time <= lastTs_) out.time = lastTs_ + 1;
  lastTs_ = out.time;
  return true;
}

V1Reader::ProcInfo& V1Reader::procInfo(int32_t p) {
  if (p >= -1 && p < int32_t(procs_.size()) - 1) return procs_[size_t(p + 1)];
  return otherProcs_[p];
}

const int64_t* V1Reader::threadOf(int32_t p) const {
  const ProcInfo* info = nullptr;
  if (p >= -1 && p < int32_t(procs_.size()) - 1) {
    info = &procs_[size_t(p + 1)];
  } else {
    auto it = otherProcs_.find(p);
    if (it != otherProcs_.end()) info = &it->second;
  }
  return info && info->hasThread ? &info->thread : nullptr;
}

gotrace::Event& V1Reader::queue(const v1::Event& ev, EventKind kind, int64_t m, int64_t p, int64_t g) {
  gotrace::Event& e = queue_.emplace_back();
  e.time = ev.ts;
  e.thread = m;
  e.proc = p;
  e.goroutine = g;
  e.kind = kind;
  return e;
}

gotrace::Event& V1Reader::queue(const v1::Event& ev, EventKind kind) {
  int64_t m = kNoThread;
  if (ev.p != -1 && ev.type != EvCPUSample) {
    if (const int64_t* t = threadOf(ev.p)) m = *t;
  }
  return queue(ev, kind, m, ev.p, ev.g == 0 ? kNoGoroutine : int64_t(ev.g));
}

void V1Reader::queueTransition(const v1::Event& ev, ResourceKind kind, int64_t id, ResourceState from, ResourceState to,
                               StringId reason, StackId stack) {
  gotrace::Event& e = queue(ev, EventKind::StateTransition);
  e.transition = StateTransition{{kind, id}, from, to, reason, stack};
}

StringId V1Reader::string(uint64_t id, const v1::Event& ev) {
  if (id == 0) return 0;
  StringId& cached = strings_[id];
  if (cached != 0) return cached - 1;
  auto it = data_.strings.find(id);
  if (it == data_.strings.end()) {
    throw Error(fmt::format("invalid string ID {} for event {}", id, descOf(ev.type).name), ev.offset);
  }
  const StringId s = tables_.strings.intern(it->second);
  cached = s + 1;
  return s;
}

namespace {
constexpr StackId kMissingStack = UINT32_MAX;  // in V1Reader::stacks_: the trace has no such stack
}

StackId V1Reader::emptyStack() {
  if (!emptyStack_) emptyStack_ = tables_.stacks.intern({});
  return *emptyStack_;
}

StackId V1Reader::stackOrEmpty(uint64_t id) {
  if (id > UINT32_MAX) return emptyStack();
  StackId& cached = stacks_[id];
  if (cached == kMissingStack) return emptyStack();
  if (cached != 0) return cached - 1;
  auto it = data_.stacks.find(uint32_t(id));
  if (it == data_.stacks.end()) {
    cached = kMissingStack;
    return emptyStack();
  }
  std::vector<FrameId> frames;
  frames.reserve(it->second.count);
  for (uint32_t i = 0; i < it->second.count; i++) {
    const uint64_t pc = data_.stackPcs[it->second.begin + i];
    const FrameRef& f = data_.pcs.at(pc);
    auto name = [&](uint64_t sid) {
      auto s = data_.strings.find(sid);
      return s == data_.strings.end() ? StringId(0) : tables_.strings.intern(s->second);
    };
    frames.push_back(tables_.stacks.internFrame(Frame{pc, name(f.func), name(f.file), uint64_t(f.line)}));
  }
  const StackId s = tables_.stacks.intern(frames);
  cached = s + 1;
  return s;
}

StackId V1Reader::stack(uint32_t id) {
  // Events naming a missing or empty stack have none (Go drops such ids).
  if (id == 0) return kNoStack;
  const StackId cached = stacks_[id];
  if (cached == kMissingStack) return kNoStack;
  if (cached != 0) return cached - 1;
  if (!data_.stacks.count(id)) {
    stacks_[id] = kMissingStack;
    return kNoStack;
  }
  return stackOrEmpty(id);
}

StringId V1Reader::stwKind(uint64_t kind) {
  size_t reason = 0;  // unknown
  if (version().minor < 21) {
    if (kind == 0 || kind == 1) reason = size_t(kind) + 1;
  } else if (kind < std::size(kStwKinds)) {
    reason = size_t(kind);
  }
  return tables_.strings.intern(kStwKinds[reason]);
}

namespace {

// Blocking events: the reason Go's converter gives, and whether the
// goroutine waits (else it stays runnable).
struct BlockReason {
  std::string_view text;
  bool waiting;
};
constexpr BlockReason kBlockReasons[] = {
    {"forever", true},            // GoStop
    {"runtime.Gosched", false},   // GoSched
    {"preempted", false},         // GoPreempt
    {"sleep", true},              // GoSleep
    {"", true},                   // GoBlock
    {"chan send", true},          // GoBlockSend
    {"chan receive", true},       // GoBlockRecv
    {"select", true},             // GoBlockSelect
    {"sync", true},               // GoBlockSync
    {"sync.(*Cond).Wait", true},  // GoBlockCond
    {"network", true},            // GoBlockNet
    {"GC mark assist wait for work", true},  // GoBlockGC
};

}  // namespace

void V1Reader::block(const v1::Event& ev, size_t reason) {
  // The stack first: interning it may add strings (keep Go's table order).
  const StackId s = stack(ev.stack);
  std::optional<StringId>& id = reasons_[reason];
  if (!id) id = tables_.strings.intern(kBlockReasons[reason].text);
  queueTransition(ev, ResourceKind::Goroutine, ev.g == 0 ? kNoGoroutine : int64_t(ev.g), GoState::Running,
                  kBlockReasons[reason].waiting ? GoState::Waiting : GoState::Runnable, *id, s);
  queue_.back().stack = s;
}

void V1Reader::convert(const v1::Event& ev, bool blockedSyscall) {
  const int64_t g = ev.g == 0 ? kNoGoroutine : int64_t(ev.g);
  auto range = [&](EventKind kind, StringId name, ResourceId scope, bool withStack) {
    gotrace::Event& e = queue(ev, kind);
    e.range = RangeInfo{name, scope, false, 0, 0};
    if (withStack) e.stack = stack(ev.stack);
    return &e;
  };
  // The thread of the event's proc as Go looks it up for some events: 0
  // when the proc never started.
  auto threadOrZero = [&] {
    const int64_t* t = threadOf(ev.p);
    return t ? *t : 0;
  };

  switch (ev.type) {
    case EvGomaxprocs:
      if (preInit_) {
        // The first Gomaxprocs ends the description of goroutines that
        // existed when tracing started; those not described otherwise were
        // runnable (or idle).
        preInit_ = false;
        for (uint64_t id : createdPreInit_) {
          gotrace::Event& e = queue(ev, EventKind::StateTransition, kNoThread, kNoProc, kNoGoroutine);
          e.transition = StateTransition{{ResourceKind::Goroutine, int64_t(id)}, kUndetermined,
                                         GoState::Runnable, 0, kNoStack};
        }
        createdPreInit_.clear();
        return;
      } else {
        gotrace::Event& e = queue(ev, EventKind::Metric);
        e.metric = MetricInfo{gomaxprocsMetric_, ev.args[0]};
        e.stack = stack(ev.stack);
      }
      return;
    case EvProcStart: {
      ProcInfo& info = procInfo(ev.p);
      info.thread = int64_t(ev.args[0]);
      info.hasThread = true;
      const bool seen = info.seen;
      info.seen = true;
      queueTransition(ev, ResourceKind::Proc, ev.p, seen ? ResourceState(ProcState::Idle) : kUndetermined,
                      ProcState::Running);
      return;
    }
    case EvProcStop: {
      ProcInfo& info = procInfo(ev.p);
      const bool seen = info.seen;
      info.seen = true;
      queueTransition(ev, ResourceKind::Proc, ev.p, seen ? ResourceState(ProcState::Running) : kUndetermined,
                      ProcState::Idle);
      procInfo(ev.p).hasThread = false;
      return;
    }
    case EvGCStart:
      range(EventKind::RangeBegin, gcMarkName_, {ResourceKind::None, 0}, true);
      return;
    case EvGCDone:
      range(EventKind::RangeEnd, gcMarkName_, {ResourceKind::None, 0}, false);
      return;
    case EvSTWStart: {
      lastStwKind_ = stwKind(ev.args[0]);
      StringId name = tables_.strings.intern(fmt::format("{} ({})", model::kStopTheWorldRange, tables_.strings.view(lastStwKind_)));
      range(EventKind::RangeBegin, name, {ResourceKind::Goroutine, g}, false);
      return;
    }
    case EvSTWDone: {
      StringId name = tables_.strings.intern(fmt::format("{} ({})", model::kStopTheWorldRange, tables_.strings.view(lastStwKind_)));
      range(EventKind::RangeEnd, name, {ResourceKind::Goroutine, g}, false);
      return;
    }
    case EvGCSweepStart:
      range(EventKind::RangeBegin, gcSweepName_, {ResourceKind::Proc, ev.p}, true);
      return;
    case EvGCSweepDone: {
      gotrace::Event* e = range(EventKind::RangeEnd, gcSweepName_, {ResourceKind::Proc, ev.p}, false);
      e->range.hasSweepAttributes = true;
      e->range.bytesSwept = ev.args[0];
      e->range.bytesReclaimed = ev.args[1];
      return;
    }
    case EvGCMarkAssistStart:
      range(EventKind::RangeBegin, gcAssistName_, {ResourceKind::Goroutine, g}, true);
      return;
    case EvGCMarkAssistDone:
      range(EventKind::RangeEnd, gcAssistName_, {ResourceKind::Goroutine, g}, false);
      return;
    case EvGoCreate:
      if (preInit_) {
        createdPreInit_.insert(ev.args[0]);
        return;
      }
      queueTransition(ev, ResourceKind::Goroutine, int64_t(ev.args[0]), GoState::NotExist,
                      GoState::Runnable, 0, stackOrEmpty(ev.args[1]));
      queue_.back().stack = stack(ev.stack);
      return;
    case EvGoStart:
      if (preInit_) {
        createdPreInit_.erase(ev.args[0]);
        queueTransition(ev, ResourceKind::Goroutine, int64_t(ev.args[0]), kUndetermined, GoState::Running);
      } else {
        queueTransition(ev, ResourceKind::Goroutine, int64_t(ev.args[0]), GoState::Runnable,
                        GoState::Running);
      }
      return;
    case EvGoStartLabel: {
      // A start and the GC worker's label, in a context whose thread is
      // looked up as Go does it here (0 when the proc never started).
      const int64_t m = threadOrZero();
      gotrace::Event& start = queue(ev, EventKind::StateTransition, m, ev.p, int64_t(ev.g));
      start.transition = StateTransition{{ResourceKind::Goroutine, int64_t(ev.args[0])}, GoState::Runnable,
                                         GoState::Running, 0, kNoStack};
      gotrace::Event& label = queue(ev, EventKind::Label, m, ev.p, int64_t(ev.g));
      label.label = LabelInfo{string(ev.args[2], ev), {ResourceKind::Goroutine, int64_t(ev.g)}};
      return;
    }
    case EvGoEnd:
      queueTransition(ev, ResourceKind::Goroutine, g, GoState::Running, GoState::NotExist);
      return;
    case EvGoStop: block(ev, 0); return;
    case EvGoSched: block(ev, 1); return;
    case EvGoPreempt: block(ev, 2); return;
    case EvGoSleep: block(ev, 3); return;
    case EvGoBlock: block(ev, 4); return;
    case EvGoBlockSend: block(ev, 5); return;
    case EvGoBlockRecv: block(ev, 6); return;
    case EvGoBlockSelect: block(ev, 7); return;
    case EvGoBlockSync: block(ev, 8); return;
    case EvGoBlockCond: block(ev, 9); return;
    case EvGoBlockNet: block(ev, 10); return;
    case EvGoBlockGC: block(ev, 11); return;
    case EvGoUnblock:
      queueTransition(ev, ResourceKind::Goroutine, int64_t(ev.args[0]), GoState::Waiting,
                      GoState::Runnable);
      queue_.back().stack = stack(ev.stack);
      return;
    case EvGoSysCall: {
      const StackId s = stack(ev.stack);
      if (blockedSyscall) {
        queueTransition(ev, ResourceKind::Goroutine, g, GoState::Running, GoState::Syscall, 0, s);
        queue_.back().stack = s;
        return;
      }
      // A syscall that did not block: a 1 ns syscall, in a context whose
      // thread is looked up as Go does it here (0 when the proc never started).
      const int64_t m = threadOrZero();
      gotrace::Event& begin = queue(ev, EventKind::StateTransition, m, ev.p, int64_t(ev.g));
      begin.transition = StateTransition{{ResourceKind::Goroutine, int64_t(ev.g)}, GoState::Running,
                                         GoState::Syscall, 0, s};
      begin.stack = s;
      gotrace::Event& end = queue(ev, EventKind::StateTransition, m, ev.p, int64_t(ev.g));
      end.time = ev.ts + 1;
      end.transition = StateTransition{{ResourceKind::Goroutine, int64_t(ev.g)}, GoState::Syscall,
                                       GoState::Running, 0, kNoStack};
      return;
    }
    case EvGoSysExit:
      queueTransition(ev, ResourceKind::Goroutine, g, GoState::Syscall, GoState::Runnable);
      return;
    case EvGoSysBlock:
      return;  // folded into the syscall's begin
    case EvGoWaiting:
    case EvGoInSyscall:
      createdPreInit_.erase(ev.args[0]);
      queueTransition(ev, ResourceKind::Goroutine, int64_t(ev.args[0]), kUndetermined,
                      ev.type == EvGoWaiting ? GoState::Waiting : GoState::Syscall);
      return;
    case EvHeapAlloc:
    case EvHeapGoal: {
      gotrace::Event& e = queue(ev, EventKind::Metric);
      e.metric = MetricInfo{ev.type == EvHeapAlloc ? heapAllocMetric_ : heapGoalMetric_, ev.args[0]};
      return;
    }
    case EvUserTaskCreate: {
      const StringId type = string(ev.args[2], ev);
      tasks_[ev.args[0]] = Task{type, ev.args[1]};
      gotrace::Event& e = queue(ev, EventKind::TaskBegin);
      e.task = TaskInfo{ev.args[0], ev.args[1] == 0 ? kNoTask : ev.args[1], type};
      e.stack = stack(ev.stack);
      return;
    }
    case EvUserTaskEnd: {
      TaskInfo info{ev.args[0], kNoTask, 0};
      auto it = tasks_.find(ev.args[0]);
      if (it != tasks_.end()) {
        // The parent as the begin wrote it: 0 when there was none.
        info.parent = it->second.parent;
        info.type = it->second.type;
        tasks_.erase(it);
      }
      gotrace::Event& e = queue(ev, EventKind::TaskEnd);
      e.task = info;
      e.stack = stack(ev.stack);
      return;
    }
    case EvUserRegion: {
      gotrace::Event& e = queue(ev, ev.args[1] == 0 ? EventKind::RegionBegin : EventKind::RegionEnd);
      e.region = RegionInfo{ev.args[0], string(ev.args[2], ev)};
      e.stack = stack(ev.stack);
      return;
    }
    case EvUserLog: {
      gotrace::Event& e = queue(ev, EventKind::Log);
      e.log = LogInfo{ev.args[0], string(ev.args[1], ev), tables_.strings.intern(userLogMessage(data_, ev.offset))};
      e.stack = stack(ev.stack);
      return;
    }
    case EvCPUSample: {
      gotrace::Event& e = queue(ev, EventKind::StackSample);
      e.stack = stackOrEmpty(ev.stack);
      return;
    }
    default:
      throw Error(fmt::format("unexpected event type {}", ev.type), ev.offset);
  }
}

}  // namespace gotrace::v1
