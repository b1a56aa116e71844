#include "v1/v1_reader.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"
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

V1Reader::V1Reader(Input input, TraceVersion version) : TraceReader(version, input.name()), input_(std::move(input)) {
  try {
    data_.version = version.minor;
    data_.base = input_.offset();
    data_.data = input_.readAll();
    indexBatches(data_);
    order_ = reference::orderEvents(data_);
    if (data_.ticksPerSec == 0) throw Error("no EvFrequency event");
    reference::validateOrder(data_, order_);
    reader_ = std::make_unique<reference::OrderedEventReader>(data_, order_);
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

bool V1Reader::next(gotrace::Event& out) {
  if (failed_) throw *failed_;
  if (done_) return false;
  if (!firstSyncDone_) {
    firstSyncDone_ = true;
    if (!order_.empty()) {
      // A Sync just before the first event (which is at time 0).
      out = syncEvent(reader_->nanos(order_.front().ts) - 1, ++syncs_);
      return true;
    }
  }
  try {
    while (queue_.empty()) {
      if (nextIndex_ == order_.size()) {
        done_ = true;
        out = syncEvent(lastTs_ + 1, ++syncs_);
        return true;
      }
      const reference::OrderedEvent& oe = order_[nextIndex_++];
      v1::Event ev;
      reader_->read(oe, ev);
      convert(ev, oe);
    }
  } catch (Error& e) {
    e.setFile(inputName());
    failed_ = e;
    throw;
  }
  out = queue_.front();
  queue_.pop_front();
  // Times are made strictly increasing, as Go's converter does.
  if (out.time <= lastTs_) out.time = lastTs_ + 1;
  lastTs_ = out.time;
  return true;
}

int64_t V1Reader::threadOf(int32_t p) const {
  auto it = procThreads_.find(p);
  return it == procThreads_.end() ? kNoThread : it->second;
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
  const int64_t m = ev.p != -1 && ev.type != EvCPUSample ? threadOf(ev.p) : kNoThread;
  return queue(ev, kind, m, ev.p, ev.g == 0 ? kNoGoroutine : int64_t(ev.g));
}

void V1Reader::queueTransition(const v1::Event& ev, ResourceKind kind, int64_t id, ResourceState from, ResourceState to,
                               StringId reason, StackId stack) {
  gotrace::Event& e = queue(ev, EventKind::StateTransition);
  e.transition = StateTransition{{kind, id}, from, to, reason, stack};
}

StringId V1Reader::string(uint64_t id, const v1::Event& ev) {
  if (id == 0) return 0;
  auto cached = strings_.find(id);
  if (cached != strings_.end()) return cached->second;
  auto it = data_.strings.find(id);
  if (it == data_.strings.end()) {
    throw Error(fmt::format("invalid string ID {} for event {}", id, descOf(ev.type).name), ev.offset);
  }
  StringId s = tables_.strings.intern(it->second);
  strings_.emplace(id, s);
  return s;
}

StackId V1Reader::stackOrEmpty(uint64_t id) {
  auto it = data_.stacks.find(uint32_t(id));
  if (id > UINT32_MAX || it == data_.stacks.end()) return tables_.stacks.intern({});
  auto cached = stacks_.find(uint32_t(id));
  if (cached != stacks_.end()) return cached->second;
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
  StackId s = tables_.stacks.intern(frames);
  stacks_.emplace(uint32_t(id), s);
  return s;
}

StackId V1Reader::stack(uint32_t id) {
  // Events naming a missing or empty stack have none (Go drops such ids).
  if (id == 0 || !data_.stacks.count(id)) return kNoStack;
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

void V1Reader::convert(const v1::Event& ev, const reference::OrderedEvent& oe) {
  const int64_t g = ev.g == 0 ? kNoGoroutine : int64_t(ev.g);
  auto block = [&](bool waiting, std::string_view reason) {
    StackId s = stack(ev.stack);
    queueTransition(ev, ResourceKind::Goroutine, g, GoState::Running,
                    waiting ? GoState::Waiting : GoState::Runnable, tables_.strings.intern(reason), s);
    queue_.back().stack = s;
  };
  auto range = [&](EventKind kind, StringId name, ResourceId scope, bool withStack) {
    gotrace::Event& e = queue(ev, kind);
    e.range = RangeInfo{name, scope, false, 0, 0};
    if (withStack) e.stack = stack(ev.stack);
    return &e;
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
      procThreads_[ev.p] = int64_t(ev.args[0]);
      const bool seen = seenProcs_[ev.p];
      seenProcs_[ev.p] = true;
      queueTransition(ev, ResourceKind::Proc, ev.p, seen ? ResourceState(ProcState::Idle) : kUndetermined,
                      ProcState::Running);
      return;
    }
    case EvProcStop: {
      const bool seen = seenProcs_[ev.p];
      seenProcs_[ev.p] = true;
      queueTransition(ev, ResourceKind::Proc, ev.p, seen ? ResourceState(ProcState::Running) : kUndetermined,
                      ProcState::Idle);
      procThreads_.erase(ev.p);
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
      auto t = procThreads_.find(ev.p);
      const int64_t m = t == procThreads_.end() ? 0 : t->second;
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
    case EvGoStop: block(true, "forever"); return;
    case EvGoSched: block(false, "runtime.Gosched"); return;
    case EvGoPreempt: block(false, "preempted"); return;
    case EvGoSleep: block(true, "sleep"); return;
    case EvGoBlock: block(true, ""); return;
    case EvGoBlockSend: block(true, "chan send"); return;
    case EvGoBlockRecv: block(true, "chan receive"); return;
    case EvGoBlockSelect: block(true, "select"); return;
    case EvGoBlockSync: block(true, "sync"); return;
    case EvGoBlockCond: block(true, "sync.(*Cond).Wait"); return;
    case EvGoBlockNet: block(true, "network"); return;
    case EvGoBlockGC: block(true, "GC mark assist wait for work"); return;
    case EvGoUnblock:
      queueTransition(ev, ResourceKind::Goroutine, int64_t(ev.args[0]), GoState::Waiting,
                      GoState::Runnable);
      queue_.back().stack = stack(ev.stack);
      return;
    case EvGoSysCall: {
      const StackId s = stack(ev.stack);
      if (oe.has(reference::OrderedEvent::kBlockedSyscall)) {
        queueTransition(ev, ResourceKind::Goroutine, g, GoState::Running, GoState::Syscall, 0, s);
        queue_.back().stack = s;
        return;
      }
      // A syscall that did not block: a 1 ns syscall, in a context whose
      // thread is looked up as Go does it here (0 when the proc never started).
      auto t = procThreads_.find(ev.p);
      const int64_t m = t == procThreads_.end() ? 0 : t->second;
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
      e.stack = data_.stacks.count(ev.stack) ? stackOrEmpty(ev.stack) : tables_.stacks.intern({});
      return;
    }
    default:
      throw Error(fmt::format("unexpected event type {}", ev.type), ev.offset);
  }
}

}  // namespace gotrace::v1
