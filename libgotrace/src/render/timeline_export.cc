#include "gotrace/render/timeline_export.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <vector>

namespace gotrace {
namespace {

// Keys of texts for the sink's interning: a namespace and an id.
enum KeySpace : uint64_t {
  kFixed = 1,
  kReason,
  kFunction,
  kStackText,
  kUserName,
  kRangeName,
  kLogCategory,
  kFile,
  kGoroutineName,  // "G<id> <start function>", by goroutine id
  kLabeledName,    // the same with a label, by label string id << 32 | goroutine id
};
constexpr uint64_t key(KeySpace space, uint64_t id) { return uint64_t(space) << 56 | id; }

// Track uuids.
constexpr uint64_t kProcessTrack = 1, kGcTrack = 10, kStwTrack = 11, kProcsTrack = 12, kThreadsTrack = 13,
                   kHeapTrack = 20, kHeapGoalTrack = 21, kGoroutineCountTrack = 22, kGomaxprocsTrack = 23,
                   kGcCounterTrack = 24, kRunnableTrack = 25;
constexpr uint64_t kGoroutineTrackBase = 1000, kRegionTrackBase = 1'000'000'000, kTaskTrackBase = 2'000'000'000,
                   kProcTrackBase = 3'000'000'000, kThreadTrackBase = 4'000'000'000,
                   kUnknownThreadTrackBase = 5'000'000'000;

// The goroutine counters change at nearly every event: at most one value
// per 10µs, the last of a burst shown once it is 10µs old.
constexpr int64_t kCounterSpacing = 10'000;

// Tracks handed out to one user at a time, each reused once free again: a
// track can take a new user whose life starts at or after its last one's end.
class TrackPool {
 public:
  // A track free since `since`; `fresh` tells whether it is new.
  uint32_t take(int64_t since, bool& fresh) {
    if (!free_.empty() && free_.begin()->first <= since) {
      const uint32_t slot = free_.begin()->second;
      free_.erase(free_.begin());
      fresh = false;
      return slot;
    }
    fresh = true;
    return count_++;
  }
  void give(uint32_t slot, int64_t at) { free_.emplace(at, slot); }

 private:
  std::set<std::pair<int64_t, uint32_t>> free_;
  uint32_t count_ = 0;
};

}  // namespace

class TimelineExporter::Impl final : public TimelineStackSource {
 public:
  Impl(TimelineSink& sink, TimelineExportOptions options) : sink_(sink), options_(std::move(options)) {
    GoroutineListener l;
    l.appeared = [this](int64_t id, int64_t at) { appeared(id, at); };
    l.named = [this](int64_t id, StringId f) { named(id, f); };
    l.interval = [this](const GoroutineInterval& iv) { interval(iv); };
    l.retired = [this](const GoroutineReport& r) { retired(r); };
    analysis_.setListener(std::move(l));
  }

  const GoroutineAnalysis& analysis() const { return analysis_; }

  // Stack keys are stack ids (kNoStack, 0, is none); frame keys are frame ids.
  void frames(uint64_t stackKey, std::vector<TimelineFrame>& out) const override {
    const auto leafFirst = tables_->stacks.frames(StackId(stackKey));
    for (size_t i = leafFirst.size(); i-- > 0;) {
      const Frame& frame = tables_->stacks.frame(leafFirst[i]);
      out.push_back({leafFirst[i],
                     {key(kFunction, frame.func), tables_->strings.view(frame.func)},
                     {key(kFile, frame.file), tables_->strings.view(frame.file)},
                     int64_t(frame.line)});
    }
  }

  void add(const Event& ev, const TraceTables& tables) {
    if (!started_) {
      started_ = true;
      tables_ = &tables;
      origin_ = tables.traceStart.value_or(ev.time);
      // Trace times may be negative (v1); the window's bounds are not.
      auto after = [&](int64_t offset) {
        constexpr int64_t kForever = std::numeric_limits<int64_t>::max();
        return origin_ > 0 && offset > kForever - origin_ ? kForever : origin_ + offset;
      };
      windowStart_ = after(options_.start);
      windowEnd_ = after(options_.end);
      declareFixedTracks();
    }
    lastTime_ = ev.time;
    if (ev.time >= pendingCountersDue_) showPendingCounters(ev.time);
    if (ev.kind == EventKind::Sync) syncTime_ = ev.time;
    if (!windowEntered_ && ev.time >= windowStart_ && ev.time <= windowEnd_) {
      windowEntered_ = true;
      showCountersBeforeWindow();
    }

    // Flow arrows: a running goroutine creating or unblocking another.
    if (ev.kind == EventKind::StateTransition && ev.transition.resource.kind == ResourceKind::Goroutine &&
        ev.goroutine != kNoGoroutine && ev.goroutine != ev.transition.resource.id &&
        ev.transition.goTo() == GoState::Runnable &&
        (ev.transition.goFrom() == GoState::NotExist || ev.transition.goFrom() == GoState::Waiting)) {
      noteFlow(ev);
    }
    // Goroutines runnable: counted from the analysis's states before and
    // after each goroutine transition.
    const bool goroutineTransition =
        ev.kind == EventKind::StateTransition && ev.transition.resource.kind == ResourceKind::Goroutine;
    const bool wasRunnable =
        goroutineTransition && analysis_.stateOf(ev.transition.resource.id) == GoState::Runnable;
    analysis_.add(ev, tables);
    if (goroutineTransition) {
      const bool isRunnable = analysis_.stateOf(ev.transition.resource.id) == GoState::Runnable;
      if (isRunnable != wasRunnable) {
        runnable_ += isRunnable ? 1 : -1;
        counter(kRunnableTrack, ev.time, runnable_, false);
      }
    }
    if (pendingCreateFlow_.flow) attachCreateFlow();

    switch (ev.kind) {
      case EventKind::StackSample: sample(ev); break;
      case EventKind::RegionBegin:
      case EventKind::RegionEnd: region(ev); break;
      case EventKind::Log: log(ev); break;
      case EventKind::TaskBegin:
      case EventKind::TaskEnd: task(ev); break;
      case EventKind::RangeBegin:
      case EventKind::RangeActive:
      case EventKind::RangeEnd: range(ev); break;
      case EventKind::Metric: metric(ev); break;
      case EventKind::Label: label(ev); break;
      default: break;
    }
  }

  void finish() {
    if (!started_) {
      sink_.finish();
      return;
    }
    // The goroutine counts as the trace ends (before the goroutines still
    // alive are retired below, which is no event of the program's).
    showPendingCounters(std::numeric_limits<int64_t>::max());
    if (inWindow(lastTime_)) {
      counter(kGoroutineCountTrack, lastTime_, liveGoroutines_, true);
      counter(kRunnableTrack, lastTime_, runnable_, true);
    }
    countersClosed_ = true;
    analysis_.finish();  // retires every live goroutine: their tracks close
    const int64_t end = clampTime(lastTime_);
    for (auto& [id, t] : tasks_) {
      if (t.open) sink_.end(t.track, rel(end));
    }
    for (auto& [name, r] : globalRanges_) {
      if (r.open) drawRange(r, lastTime_);
    }
    sink_.finish();
  }

 private:
  struct Instant {
    int64_t time;
    StackId stack;
  };
  struct Goroutine {
    int64_t appeared = 0;
    StringId function = 0;
    bool decided = false, included = false, begun = false;
    uint32_t slot = 0;
    std::string name;        // "G<id> <start function>", once begun
    StringId label = 0;      // of its current run (GC mark workers: "GC (dedicated)"...)
    std::vector<FrameId> frames;  // open frame slices, root first
    StackId stack = kNoStack;     // the last stack it was seen at
    std::vector<GoroutineInterval> pending;  // closed before its inclusion was decided
    std::vector<Instant> samples;            // CPU samples not yet drawn
    std::vector<uint64_t> flowsOut, flowsIn;  // arrows for its next drawn slice
    struct OpenRegion {
      bool drawn;
    };
    std::vector<OpenRegion> regions;
    bool regionTrackDeclared = false;
  };
  struct Task {
    uint64_t track = 0;
    uint32_t slot = 0;
    bool open = false;
  };
  struct GlobalRange {
    uint64_t track = 0;
    bool open = false;
    int64_t begin = 0;
    StringId name = 0;
  };

  int64_t rel(int64_t t) const { return t - origin_; }
  bool inWindow(int64_t t) const { return t >= windowStart_ && t <= windowEnd_; }
  int64_t clampTime(int64_t t) const { return std::clamp(t, windowStart_, windowEnd_); }

  void declareFixedTracks() {
    sink_.process(kProcessTrack, options_.processName);
    // Counters' values come in time order (counter() sees to it).
    constexpr TrackOrder ordered = TrackOrder::TimeOrdered;
    sink_.counterTrack(kGoroutineCountTrack, kProcessTrack, "goroutines", CounterUnit::Count, ordered);
    sink_.counterTrack(kHeapTrack, kProcessTrack, "heap in use", CounterUnit::Bytes, ordered);
    sink_.counterTrack(kHeapGoalTrack, kProcessTrack, "heap goal", CounterUnit::Bytes, ordered);
    sink_.counterTrack(kGomaxprocsTrack, kProcessTrack, "GOMAXPROCS", CounterUnit::Count, ordered);
    sink_.counterTrack(kGcCounterTrack, kProcessTrack, "GC running", CounterUnit::Count, ordered);
    sink_.track(kGcTrack, kProcessTrack, "GC", 10);
    sink_.track(kStwTrack, kProcessTrack, "stop-the-world", 11);
    sink_.counterTrack(kRunnableTrack, kProcessTrack, "goroutines runnable", CounterUnit::Count, ordered);
    sink_.track(kProcsTrack, kProcessTrack, "processors (P)", 20);
    sink_.track(kThreadsTrack, kProcessTrack, "threads (M): system calls", 21);
  }

  // A P's track, declared on first use.
  uint64_t procTrack(int64_t p) {
    const uint64_t track = kProcTrackBase + uint64_t(p);
    if (declaredProcs_.insert(p).second) {
      std::string name(1, 'P');
      name += std::to_string(p);
      sink_.track(track, kProcsTrack, name, int32_t(p), TrackOrder::TimeOrdered);
    }
    return track;
  }
  // The track of a system call made on thread `m` from `at` on: the M's,
  // unless the M is not known or is in another system call then (v1 traces
  // name an event's thread after the last one its P started on, which a
  // blocked call's P leaves behind): then one of the tracks of system calls
  // whose thread is not known, reused once free.
  uint64_t syscallTrack(int64_t m, int64_t at) {
    if (m != kNoThread) {
      auto [it, added] = threadBusyUntil_.try_emplace(m, std::numeric_limits<int64_t>::min());
      if (at >= it->second) return threadTrack(m);
    }
    bool fresh;
    const uint32_t slot = unknownThreadTracks_.take(at, fresh);
    const uint64_t track = kUnknownThreadTrackBase + slot;
    if (fresh) {
      std::string name = "system calls, thread not known ";
      name += std::to_string(slot);
      sink_.track(track, kThreadsTrack, name, int32_t(1'000'000 + slot), TrackOrder::TimeOrdered);
    }
    return track;
  }
  void syscallEnded(uint64_t track, int64_t at) {
    if (track >= kUnknownThreadTrackBase) {
      unknownThreadTracks_.give(uint32_t(track - kUnknownThreadTrackBase), at);
    } else {
      threadBusyUntil_[int64_t(track - kThreadTrackBase)] = at;
    }
  }

  // An M's track, declared on first use.
  uint64_t threadTrack(int64_t m) {
    const uint64_t track = kThreadTrackBase + uint64_t(m);
    if (declaredThreads_.insert(m).second) {
      std::string name(1, 'M');
      name += std::to_string(m);
      sink_.track(track, kThreadsTrack, name, int32_t(declaredThreads_.size()), TrackOrder::TimeOrdered);
    }
    return track;
  }

  // --- goroutines -------------------------------------------------------

  void appeared(int64_t id, int64_t at) {
    Goroutine& g = goroutines_[id];
    g = Goroutine{};
    g.appeared = at;
    liveGoroutines_++;
    counter(kGoroutineCountTrack, at, liveGoroutines_, false);
    if (!options_.goroutines) decide(id, g, true);
  }

  void named(int64_t id, StringId function) {
    auto it = goroutines_.find(id);
    if (it == goroutines_.end()) return;
    it->second.function = function;
    if (!it->second.decided) decide(id, it->second, matches(function));
  }

  bool matches(StringId function) const {
    return !options_.goroutines || RE2::PartialMatch(tables_->strings.view(function), *options_.goroutines);
  }

  void decide(int64_t id, Goroutine& g, bool included) {
    g.decided = true;
    g.included = included;
    if (!included) {
      g.pending.clear();
      g.samples.clear();
      return;
    }
    std::vector<GoroutineInterval> pending = std::move(g.pending);
    for (const GoroutineInterval& iv : pending) draw(id, g, iv);
  }

  // The goroutine's track, and its life's slice, from its first drawing on.
  uint64_t ensureBegun(int64_t id, Goroutine& g) {
    if (!g.begun) {
      g.begun = true;
      const int64_t from = clampTime(g.appeared);
      bool fresh;
      g.slot = goroutineTracks_.take(from, fresh);
      const uint64_t track = kGoroutineTrackBase + g.slot;
      if (fresh) {
        sink_.track(track, kProcessTrack, "goroutines " + std::to_string(g.slot), int32_t(1000 + g.slot),
                    TrackOrder::TimeOrdered);
      }
      g.name.assign(1, 'G');
      g.name += std::to_string(id);
      const std::string_view f = tables_->strings.view(g.function);
      if (!f.empty()) {
        g.name += ' ';
        g.name += f;
      }
      const TimelineArg args[] = {{"goroutine", {}, id, true}};
      sink_.begin(track, rel(from), {0, g.name}, args);
    }
    return kGoroutineTrackBase + g.slot;
  }

  void interval(const GoroutineInterval& iv) {
    auto it = goroutines_.find(iv.goroutine);
    if (it == goroutines_.end()) return;
    Goroutine& g = it->second;
    if (!g.decided) {
      g.pending.push_back(iv);
    } else if (g.included) {
      draw(iv.goroutine, g, iv);
    }
  }

  void draw(int64_t id, Goroutine& g, const GoroutineInterval& iv) {
    // Where it is: this interval's stack, else the last one known (also of
    // intervals before the window, so the first one drawn shows it).
    if (iv.stack != kNoStack) g.stack = iv.stack;
    if (iv.end < windowStart_ || iv.begin > windowEnd_) return;
    const int64_t a = clampTime(iv.begin), b = clampTime(iv.end);
    const uint64_t track = ensureBegun(id, g);
    using Stacks = TimelineExportOptions::Stacks;
    if (g.stack != kNoStack && options_.stacks == Stacks::Slices) moveFrames(track, g, g.stack, a);
    const TimelineStack stack = options_.stacks != Stacks::None ? TimelineStack{g.stack, this} : TimelineStack{};
    const TimelineText name = stateName(iv);
    sink_.begin(track, rel(a), name, {}, g.flowsOut, g.flowsIn,
                options_.stacks == Stacks::Callstacks ? stack : TimelineStack{});
    g.flowsOut.clear();
    g.flowsIn.clear();
    drawSamples(track, g, a, b, iv.end);
    sink_.end(track, rel(b));

    // The processor view: the run on its P, the system call on its M.
    if (iv.state == GoState::Running && iv.proc != kNoProc) {
      const uint64_t p = procTrack(iv.proc);
      sink_.begin(p, rel(a), runName(id, g), {}, {}, {}, stack);
      sink_.end(p, rel(b));
    } else if (iv.state == GoState::Syscall) {
      const uint64_t m = syscallTrack(iv.thread, a);
      sink_.begin(m, rel(a), {key(kGoroutineName, uint64_t(id)), g.name}, {}, {}, {}, stack);
      sink_.end(m, rel(b));
      syscallEnded(m, b);
    }
    if (iv.state == GoState::Running) g.label = 0;  // a label is for one run
  }

  // A run's name on its P: the goroutine's, with its label if it has one.
  TimelineText runName(int64_t id, const Goroutine& g) {
    if (!g.label) return {key(kGoroutineName, uint64_t(id)), g.name};
    runName_ = g.name;
    runName_ += ": ";
    runName_ += tables_->strings.view(g.label);
    return {key(kLabeledName, uint64_t(g.label) << 32 | uint32_t(id)), runName_};
  }

  // A label given to a goroutine (GC mark workers get theirs as they start).
  void label(const Event& ev) {
    if (ev.label.resource.kind != ResourceKind::Goroutine) return;
    auto it = goroutines_.find(ev.label.resource.id);
    if (it != goroutines_.end()) it->second.label = ev.label.label;
  }

  // CPU samples up to `upTo`, drawn within [a, b].
  void drawSamples(uint64_t track, Goroutine& g, int64_t a, int64_t b, int64_t upTo) {
    size_t n = 0;
    for (; n < g.samples.size() && g.samples[n].time <= upTo; n++) {
      const Instant& s = g.samples[n];
      const int64_t at = rel(std::clamp(s.time, a, b));
      if (options_.stacks == TimelineExportOptions::Stacks::Callstacks) {
        sink_.instant(track, at, {key(kFixed, 5), "CPU sample"}, {}, {s.stack, this});
      } else {
        const TimelineArg args[] = {{"stack", {key(kStackText, s.stack), stackText(s.stack)}}};
        sink_.instant(track, at, {key(kFixed, 5), "CPU sample"}, args);
      }
    }
    g.samples.erase(g.samples.begin(), g.samples.begin() + ptrdiff_t(n));
  }

  // Frame slices: keep those shared with the new stack, close the rest, open
  // the new ones (root first), all at `at`.
  void moveFrames(uint64_t track, Goroutine& g, StackId stack, int64_t at) {
    const auto leafFirst = tables_->stacks.frames(stack);
    const size_t depth = leafFirst.size();
    size_t common = 0;
    while (common < g.frames.size() && common < depth && g.frames[common] == leafFirst[depth - 1 - common]) common++;
    while (g.frames.size() > common) {
      sink_.end(track, rel(at));
      g.frames.pop_back();
    }
    for (size_t i = common; i < depth; i++) {
      const FrameId f = leafFirst[depth - 1 - i];
      const Frame& frame = tables_->stacks.frame(f);
      // Function names only: a frame's file and line would double the size
      // (the CPU samples' stacks carry them).
      sink_.begin(track, rel(at), {key(kFunction, frame.func), tables_->strings.view(frame.func)});
      g.frames.push_back(f);
    }
  }

  void retired(const GoroutineReport& r) {
    liveGoroutines_--;
    const int64_t endTime = r.ended >= 0 ? r.ended : lastTime_;
    counter(kGoroutineCountTrack, endTime, liveGoroutines_, false);
    auto it = goroutines_.find(r.id);
    if (it == goroutines_.end()) return;
    Goroutine& g = it->second;
    if (!g.decided) decide(r.id, g, matches(r.function));
    if (g.included && g.begun) {
      const uint64_t track = kGoroutineTrackBase + g.slot;
      const int64_t c = clampTime(endTime);
      if (!g.samples.empty() || !g.flowsOut.empty() || !g.flowsIn.empty()) {
        // What no state slice took: on a last moment of its own.
        sink_.begin(track, rel(c), {key(kFixed, 6), "end"}, {}, g.flowsOut, g.flowsIn);
        drawSamples(track, g, c, c, std::numeric_limits<int64_t>::max());
        sink_.end(track, rel(c));
      }
      for (; !g.frames.empty(); g.frames.pop_back()) sink_.end(track, rel(c));
      sink_.end(track, rel(c));  // its life
      closeRegions(g, c);
      goroutineTracks_.give(g.slot, c);
    } else if (g.included) {
      closeRegions(g, clampTime(endTime));
    }
    goroutines_.erase(it);
  }

  TimelineText stateName(const GoroutineInterval& iv) {
    switch (iv.state) {
      case GoState::Running: return {key(kFixed, 1), "running"};
      case GoState::Runnable: return {key(kFixed, 2), "runnable"};
      case GoState::Syscall:
        return iv.syscallBlocked ? TimelineText{key(kFixed, 4), "syscall (blocked, P lost)"}
                                 : TimelineText{key(kFixed, 3), "syscall"};
      case GoState::Waiting: {
        auto [it, added] = reasonNames_.try_emplace(iv.reason);
        if (added) it->second = "waiting: " + std::string(tables_->strings.view(iv.reason));
        return {key(kReason, iv.reason), it->second};
      }
      default: return {key(kFixed, 7), "?"};
    }
  }

  const std::string& stackText(StackId stack) {
    auto [it, added] = stackTexts_.try_emplace(stack);
    if (added) {
      for (FrameId f : tables_->stacks.frames(stack)) {
        const Frame& frame = tables_->stacks.frame(f);
        if (!it->second.empty()) it->second += '\n';
        it->second += tables_->strings.view(frame.func);
        it->second += ' ';
        it->second += location(f);
      }
    }
    return it->second;
  }

  const std::string& location(FrameId f) {
    auto [it, added] = locations_.try_emplace(f);
    if (added) {
      const Frame& frame = tables_->stacks.frame(f);
      it->second = std::string(tables_->strings.view(frame.file)) + ":" + std::to_string(frame.line);
    }
    return it->second;
  }

  // --- flows ------------------------------------------------------------

  void noteFlow(const Event& ev) {
    if (!inWindow(ev.time) || analysis_.stateOf(ev.goroutine) != GoState::Running) return;
    auto from = goroutines_.find(ev.goroutine);
    if (from == goroutines_.end() || !from->second.decided || !from->second.included) return;
    if (ev.transition.goFrom() == GoState::NotExist) {
      // The new goroutine appears while the event is handled: the arrow is
      // made then, if it is drawn.
      pendingCreateFlow_ = {ev.goroutine, ev.transition.resource.id, ++flows_};
      return;
    }
    auto to = goroutines_.find(ev.transition.resource.id);
    if (to == goroutines_.end() || !to->second.decided || !to->second.included) return;
    const uint64_t id = ++flows_;
    from->second.flowsOut.push_back(id);
    to->second.flowsIn.push_back(id);
  }

  void attachCreateFlow() {
    auto from = goroutines_.find(pendingCreateFlow_.creator);
    auto to = goroutines_.find(pendingCreateFlow_.created);
    if (from != goroutines_.end() && to != goroutines_.end() && to->second.decided && to->second.included) {
      from->second.flowsOut.push_back(pendingCreateFlow_.flow);
      to->second.flowsIn.push_back(pendingCreateFlow_.flow);
    }
    pendingCreateFlow_ = {};
  }

  // --- samples, regions, logs, tasks, ranges, counters --------------------

  void sample(const Event& ev) {
    if (ev.goroutine == kNoGoroutine || !inWindow(ev.time)) return;
    auto it = goroutines_.find(ev.goroutine);
    if (it == goroutines_.end() || (it->second.decided && !it->second.included)) return;
    it->second.samples.push_back({ev.time, ev.stack});
  }

  uint64_t regionTrack(Goroutine& g, int64_t id) {
    ensureBegun(id, g);
    const uint64_t track = kRegionTrackBase + g.slot;
    if (!declaredRegionTracks_.count(g.slot)) {
      declaredRegionTracks_.insert(g.slot);
      sink_.track(track, kGoroutineTrackBase + g.slot, "regions and logs", 0);
    }
    return track;
  }

  void region(const Event& ev) {
    auto it = goroutines_.find(ev.goroutine);
    if (it == goroutines_.end() || !it->second.decided || !it->second.included) return;
    Goroutine& g = it->second;
    if (ev.kind == EventKind::RegionBegin) {
      const bool drawn = ev.time <= windowEnd_;
      if (drawn) {
        const TimelineArg args[] = {{"task", {}, int64_t(ev.region.task), true}};
        sink_.begin(regionTrack(g, ev.goroutine), rel(clampTime(ev.time)),
                    {key(kUserName, ev.region.type), tables_->strings.view(ev.region.type)}, args);
      }
      g.regions.push_back({drawn});
    } else if (!g.regions.empty()) {
      if (g.regions.back().drawn) sink_.end(regionTrack(g, ev.goroutine), rel(clampTime(ev.time)));
      g.regions.pop_back();
    }
  }

  void closeRegions(Goroutine& g, int64_t at) {
    for (; !g.regions.empty(); g.regions.pop_back()) {
      if (g.regions.back().drawn) sink_.end(kRegionTrackBase + g.slot, rel(at));
    }
  }

  void log(const Event& ev) {
    if (!inWindow(ev.time)) return;
    auto it = goroutines_.find(ev.goroutine);
    if (it == goroutines_.end() || !it->second.decided || !it->second.included) return;
    const std::string_view category = tables_->strings.view(ev.log.category);
    const TimelineArg args[] = {{"message", {0, tables_->strings.view(ev.log.message)}},
                                {"task", {}, int64_t(ev.log.task), true}};
    sink_.instant(regionTrack(it->second, ev.goroutine), rel(ev.time),
                  {key(kLogCategory, ev.log.category), category.empty() ? std::string_view("log") : category}, args);
  }

  void task(const Event& ev) {
    if (ev.kind == EventKind::TaskBegin) {
      if (ev.time > windowEnd_) return;
      Task& t = tasks_[ev.task.id];
      if (t.open) return;
      const int64_t at = clampTime(ev.time);
      bool fresh;
      t.slot = taskTracks_.take(at, fresh);
      t.track = kTaskTrackBase + t.slot;
      t.open = true;
      if (fresh) sink_.track(t.track, kProcessTrack, "tasks " + std::to_string(t.slot), int32_t(100 + t.slot));
      const TimelineArg args[] = {{"task", {}, int64_t(ev.task.id), true},
                                  {"parent", {}, ev.task.parent == kNoTask ? -1 : int64_t(ev.task.parent), true}};
      sink_.begin(t.track, rel(at), {key(kUserName, ev.task.type), tables_->strings.view(ev.task.type)}, args);
    } else {
      auto it = tasks_.find(ev.task.id);
      if (it == tasks_.end() || !it->second.open) return;
      const int64_t at = clampTime(ev.time);
      sink_.end(it->second.track, rel(at));
      taskTracks_.give(it->second.slot, at);
      tasks_.erase(it);
    }
  }

  // Global ranges (GC mark phase) and stop-the-world ranges on their tracks.
  void range(const Event& ev) {
    const std::string_view name = tables_->strings.view(ev.range.name);
    const bool stw = name.starts_with(model::kStopTheWorldRange);
    if (ev.range.scope.kind != ResourceKind::None && !stw) return;
    GlobalRange& r = globalRanges_[stw ? 1 : 0];
    r.track = stw ? kStwTrack : kGcTrack;
    if (ev.kind == EventKind::RangeEnd) {
      if (!r.open) return;
      r.open = false;
      drawRange(r, ev.time);
      if (!stw) counter(kGcCounterTrack, ev.time, 0, true);
      return;
    }
    if (r.open) return;  // active again in a new generation
    r.open = true;
    r.begin = ev.kind == EventKind::RangeActive ? syncTime_ : ev.time;
    r.name = ev.range.name;
    if (!stw) counter(kGcCounterTrack, r.begin, 1, true);
  }

  // Ranges on a track of their own follow one another: drawn whole at their
  // end, when it is known whether they reach into the window.
  void drawRange(const GlobalRange& r, int64_t end) {
    if (end < windowStart_ || r.begin > windowEnd_) return;
    sink_.begin(r.track, rel(clampTime(r.begin)), {key(kRangeName, r.name), tables_->strings.view(r.name)});
    sink_.end(r.track, rel(clampTime(end)));
  }

  void metric(const Event& ev) {
    const std::string_view name = tables_->strings.view(ev.metric.name);
    uint64_t track = 0;
    if (name == model::kHeapAllocMetric) track = kHeapTrack;
    else if (name == model::kHeapGoalMetric) track = kHeapGoalTrack;
    else if (name == model::kGomaxprocsMetric) track = kGomaxprocsTrack;
    if (track) counter(track, ev.time, int64_t(ev.metric.value), true);
  }

  // Counter values in time order per track; the goroutine count at most
  // every kCounterSpacing unless `always`.
  void counter(uint64_t track, int64_t time, int64_t value, bool always) {
    if (countersClosed_) return;
    CounterState& c = counters_[track];
    if (time < windowStart_) {
      c.before = value;  // shown at the window's start
      c.hasBefore = true;
      return;
    }
    if (time > windowEnd_) return;
    if (c.emitted && time < c.time) time = c.time;
    if (!always && c.emitted && time - c.time < kCounterSpacing) {
      // Shown when it is kCounterSpacing old, unless a newer one comes first.
      c.pending = value != c.value;
      c.pendingTime = time;
      c.pendingValue = value;
      if (c.pending) pendingCountersDue_ = std::min(pendingCountersDue_, c.time + kCounterSpacing);
      return;
    }
    c.pending = false;
    if (c.emitted && c.value == value) return;
    sink_.counter(track, rel(time), value);
    c.emitted = true;
    c.time = time;
    c.value = value;
  }
  // Throttled counter values due by `now`.
  void showPendingCounters(int64_t now) {
    pendingCountersDue_ = std::numeric_limits<int64_t>::max();
    for (uint64_t track : {kGoroutineCountTrack, kRunnableTrack}) {
      auto it = counters_.find(track);
      if (it == counters_.end() || !it->second.pending) continue;
      CounterState& c = it->second;
      if (now - c.time >= kCounterSpacing) {
        c.pending = false;
        sink_.counter(track, rel(c.pendingTime), c.pendingValue);
        c.time = c.pendingTime;
        c.value = c.pendingValue;
      } else {
        pendingCountersDue_ = std::min(pendingCountersDue_, c.time + kCounterSpacing);
      }
    }
  }
  // Counter values set before the window: shown at its start.
  void showCountersBeforeWindow() {
    for (auto& [track, c] : counters_) {
      if (c.emitted || !c.hasBefore) continue;
      sink_.counter(track, rel(windowStart_), c.before);
      c.emitted = true;
      c.time = windowStart_;
      c.value = c.before;
    }
  }
  struct CounterState {
    bool emitted = false;
    int64_t time = 0;
    int64_t value = 0;
    bool hasBefore = false;
    int64_t before = 0;
    bool pending = false;  // a value not shown yet (throttled)
    int64_t pendingTime = 0, pendingValue = 0;
  };

  TimelineSink& sink_;
  TimelineExportOptions options_;
  GoroutineAnalysis analysis_;
  const TraceTables* tables_ = nullptr;
  bool started_ = false;
  int64_t origin_ = 0, windowStart_ = 0, windowEnd_ = 0, lastTime_ = 0, syncTime_ = 0;
  std::unordered_map<int64_t, Goroutine> goroutines_;
  TrackPool goroutineTracks_, taskTracks_;
  std::set<uint32_t> declaredRegionTracks_;
  std::unordered_map<uint64_t, Task> tasks_;
  std::unordered_map<int, GlobalRange> globalRanges_;
  std::unordered_map<uint64_t, CounterState> counters_;
  std::unordered_map<StringId, std::string> reasonNames_;
  std::unordered_map<StackId, std::string> stackTexts_;
  std::unordered_map<FrameId, std::string> locations_;
  int64_t liveGoroutines_ = 0, runnable_ = 0;
  int64_t pendingCountersDue_ = std::numeric_limits<int64_t>::max();
  std::set<int64_t> declaredProcs_, declaredThreads_;
  std::unordered_map<int64_t, int64_t> threadBusyUntil_;  // M -> end of its last system call drawn
  TrackPool unknownThreadTracks_;
  std::string runName_;
  bool countersClosed_ = false, windowEntered_ = false;
  uint64_t flows_ = 0;
  struct PendingFlow {
    int64_t creator = kNoGoroutine, created = kNoGoroutine;
    uint64_t flow = 0;  // 0: none
  } pendingCreateFlow_;
};

TimelineExporter::TimelineExporter(TimelineSink& sink, TimelineExportOptions options)
    : impl_(std::make_unique<Impl>(sink, std::move(options))) {}
TimelineExporter::~TimelineExporter() = default;
void TimelineExporter::add(const Event& ev, const TraceTables& tables) { impl_->add(ev, tables); }
void TimelineExporter::finish() { impl_->finish(); }
const GoroutineAnalysis& TimelineExporter::analysis() const { return impl_->analysis(); }

}  // namespace gotrace
