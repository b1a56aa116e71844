#include "gotrace/analysis/regions/region_stream.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/base/error.h"
#include "region_trackers.h"

namespace gotrace {
namespace {

using regions_detail::OpenRegion;
using regions_detail::TestEvaluator;
using regions_detail::Tracker;

// A region of a live goroutine: events numbered within the goroutine, with
// the times of the first and last.
struct TimedRegion {
  Region r;
  int64_t firstTime = 0, lastTime = 0;
};
const Region& baseOf(const TimedRegion& t) { return t.r; }

// One timeline event in the making: whose timeline, what, where.
struct Step {
  int64_t goroutine = kNoGoroutine;
  TimelineKind kind = TimelineKind::Start;
  StackId stack = kNoStack;
};

}  // namespace

class RegionStream::Impl {
 public:
  Impl(const RegionPatterns& patterns, const TraceTables& tables, Options options)
      : patterns_(patterns), tables_(tables), options_(std::move(options)) {
    const auto& recognizers = patterns.recognizers();
    options_.keep.resize(recognizers.size(), false);
    counts_.assign(recognizers.size(), 0);
    evaluators_.reserve(recognizers.size());
    for (const RegionRecognizer& r : recognizers) evaluators_.emplace_back(r, tables);
    for (uint32_t k = 0; k < recognizers.size(); k++) {
      if (recognizers[k].derived()) {
        derived_.push_back(k);
      } else {
        trackers_.emplace_back(recognizers[k], evaluators_[k], k);
      }
    }
    words_ = (trackers_.size() + 63) / 64;
    // Which recognizers' regions a derived one starts or ends at (roles_:
    // bit 2d for `after` of the d-th derived one, bit 2d+1 for `before`).
    // Those are derived from as soon as no region can come that comes
    // before them; when derived regions are made of derived regions, they
    // all wait for their goroutine's end instead. Other regions are
    // counted when found.
    needed_.assign(recognizers.size(), false);
    roles_.assign(recognizers.size(), {});
    for (size_t d = 0; d < derived_.size(); d++) {
      const uint32_t k = derived_[d];
      for (uint32_t j = 0; j < k; j++) {
        const auto& after = recognizers[k].after;
        const bool isAfter = std::find(after.begin(), after.end(), recognizers[j].kind) != after.end();
        const bool isBefore = recognizers[j].kind == recognizers[k].before;
        if (isAfter || isBefore) {
          needed_[j] = true;
          roles_[j].push_back({uint32_t(d), isAfter, isBefore});
          if (recognizers[j].derived()) atEnd_ = true;
        }
      }
    }
    for (const Tracker& t : trackers_) trackerNeeded_.push_back(needed_[t.recognizer()]);
  }

  void add(const Event& ev) {
    if (!started_) {
      traceStart_ = tables_.traceStart.value_or(ev.time);
      started_ = true;
    }
    if (ev.kind == EventKind::StackSample) {
      if (options_.keepSamples) samples_.push_back(StreamedSample{ev.time, ev.goroutine, ev.stack});
      return;
    }
    Step s;
    if (!timelineStep(ev, s)) return;
    if (s.goroutine == kNoGoroutine) return;  // the "no goroutine" timeline has no regions
    auto [it, added] = live_.try_emplace(s.goroutine);
    if (added) it->second.id = s.goroutine;
    feed(it->second, ev.time, s.stack, s.kind);
    if (s.kind == TimelineKind::End) {
      close(it->second);
      live_.erase(it);
    }
  }

  void finish() {
    for (auto& [id, g] : live_) close(g);
    live_.clear();
    std::stable_sort(runs_.begin(), runs_.end(), [](const Run& a, const Run& b) { return a.goroutine < b.goroutine; });
  }

  void forEachKept(const std::function<void(const StreamedRegion&)>& f) const {
    std::vector<std::pair<uint32_t, size_t>> group;  // (recognizer, region) of an id's runs, when several
    for (size_t from = 0; from < runs_.size();) {
      size_t to = from + 1;
      while (to < runs_.size() && runs_[to].goroutine == runs_[from].goroutine) to++;
      const int64_t id = runs_[from].goroutine;
      if (to == from + 1) {
        for (size_t i = runs_[from].begin; i < runs_[from].begin + runs_[from].count; i++) {
          f(StreamedRegion{id, keptRecognizers_[i], keptTimes_[i].first, keptTimes_[i].second});
        }
      } else {
        // An id that came back after its goroutine ended: its runs in
        // recognizer order, each run's regions in time order.
        group.clear();
        for (size_t r = from; r < to; r++) {
          for (size_t i = runs_[r].begin; i < runs_[r].begin + runs_[r].count; i++) {
            group.emplace_back(keptRecognizers_[i], i);
          }
        }
        std::stable_sort(group.begin(), group.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [k, i] : group) f(StreamedRegion{id, k, keptTimes_[i].first, keptTimes_[i].second});
      }
      from = to;
    }
  }

  const std::vector<size_t>& counts() const { return counts_; }
  const std::vector<StreamedSample>& samples() const { return samples_; }
  int64_t traceStart() const { return traceStart_; }

 private:
  // A live goroutine: how many of its events were seen, the regions open
  // on it (by tracker) and those it had.
  // A derived recognizer's progress on one goroutine (RegionSet's derive,
  // a region at a time): its `after` and `before` regions not yet used,
  // the latest end of an `after` region seen, the previous `before`'s end.
  struct Deriving {
    std::vector<TimedRegion> after, before;
    std::optional<TimedRegion> latest;
    uint32_t previousEnd = kNoEvent;
  };
  struct Live {
    int64_t id = kNoGoroutine;
    uint32_t events = 0;
    std::vector<std::pair<uint32_t, OpenRegion>> open;
    std::vector<TimedRegion> regions;  // kept, or (atEnd_) needed by a derived recognizer
    std::vector<Deriving> deriving;    // by derived recognizer, once one has a region
    size_t waiting = 0;                // `before` regions in `deriving`
  };
  struct Role {
    uint32_t derived = 0;  // index into derived_
    bool after = false, before = false;
  };
  // An ended goroutine's kept regions, in the kept arrays.
  struct Run {
    int64_t goroutine = kNoGoroutine;
    size_t begin = 0;
    uint32_t count = 0;
  };

  // The timeline event (GoroutineTimelines' Builder) an event makes, if any.
  bool timelineStep(const Event& ev, Step& s) {
    switch (ev.kind) {
      case EventKind::StateTransition: {
        if (ev.transition.resource.kind != ResourceKind::Goroutine) return false;
        const GoState from = ev.transition.goFrom();
        const GoState to = ev.transition.goTo();
        if (from == to || from == GoState::Undetermined) return false;  // a status report, not a change
        const int64_t r = ev.transition.resource.id;
        s.stack = ev.stack;
        if (from == GoState::NotExist) {
          s.goroutine = ev.goroutine;  // the creator
          s.kind = TimelineKind::Create;
          return true;
        }
        s.goroutine = r;
        if (to == GoState::NotExist) {
          s.kind = TimelineKind::End;
          return true;
        }
        switch (from) {
          case GoState::Runnable:
            s.kind = TimelineKind::Start;
            s.stack = kNoStack;
            return to == GoState::Running;
          case GoState::Running:
            if (to == GoState::Waiting) s.kind = TimelineKind::Block;
            else if (to == GoState::Runnable) s.kind = TimelineKind::Yield;
            else if (to == GoState::Syscall) s.kind = TimelineKind::SyscallBegin;
            else return false;
            return true;
          case GoState::Syscall:
            if (to == GoState::Running) s.kind = TimelineKind::SyscallEnd;
            else if (to == GoState::Runnable) s.kind = TimelineKind::SyscallEndBlocked;
            else return false;
            return true;
          case GoState::Waiting:
            s.goroutine = ev.goroutine;  // the waker
            s.kind = TimelineKind::Unblock;
            return to == GoState::Runnable;
          default:
            return false;
        }
      }
      case EventKind::RangeBegin:
      case EventKind::RangeActive:
      case EventKind::RangeEnd:
        if (ev.range.scope.kind != ResourceKind::Goroutine || !isAssist(ev.range.name)) return false;
        s.goroutine = ev.range.scope.id;
        s.kind = ev.kind != EventKind::RangeEnd ? TimelineKind::AssistBegin : TimelineKind::AssistEnd;
        s.stack = ev.kind == EventKind::RangeBegin ? ev.stack : kNoStack;
        return true;
      case EventKind::TaskBegin:
      case EventKind::TaskEnd:
      case EventKind::RegionBegin:
      case EventKind::RegionEnd:
      case EventKind::Log:
        s.goroutine = ev.goroutine;
        s.kind = TimelineKind::Annotation;
        s.stack = ev.stack;
        return true;
      default:
        return false;
    }
  }

  bool isAssist(StringId name) {
    if (assistName_ == 0 && tables_.strings.view(name) == model::kGcAssistRange) assistName_ = name;
    return name == assistName_ && name != 0;
  }

  // One event of goroutine `g`'s timeline to its trackers, as RegionSet::find
  // does: open regions go on or end, then the trackers the event activates
  // (and that were not open before it) open.
  void feed(Live& g, int64_t time, StackId stack, TimelineKind kind) {
    if (g.events == std::numeric_limits<uint32_t>::max() - 1) {
      throw Error("trace too large: goroutine " + std::to_string(g.id) + " has more than 4 billion events");
    }
    const uint32_t i = g.events++;
    constexpr size_t kKinds = 16;
    const size_t slot = (size_t(stack) * kKinds + size_t(kind)) * (words_ + 1);
    if (slot + words_ >= opens_.size()) opens_.resize(std::max(slot + words_ + 1, opens_.size() * 2), 0);
    if (!opens_[slot + words_]) {
      for (uint32_t j = 0; j < trackers_.size(); j++) {
        OpenRegion probe;
        if (trackers_[j].activate(i, time, stack, kind, probe)) opens_[slot + j / 64] |= uint64_t(1) << (j % 64);
      }
      opens_[slot + words_] = 1;
    }
    activating_.clear();
    for (size_t w = 0; w < words_; w++) {
      for (uint64_t todo = opens_[slot + w]; todo; todo &= todo - 1) {
        const uint32_t j = uint32_t(w * 64 + unsigned(__builtin_ctzll(todo)));
        bool isOpen = false;
        for (const auto& o : g.open) isOpen = isOpen || o.first == j;
        if (!isOpen) activating_.push_back(j);
      }
    }
    for (size_t o = 0; o < g.open.size();) {
      auto& [j, open] = g.open[o];
      if (trackers_[j].step(i, time, stack, kind, open)) {
        o++;
        continue;
      }
      closeRegion(g, j, open, false);
      g.open[o] = g.open.back();
      g.open.pop_back();
    }
    for (uint32_t j : activating_) {
      OpenRegion open;
      trackers_[j].activate(i, time, stack, kind, open);
      g.open.emplace_back(j, open);
    }
    if (g.waiting > 0) {
      // Regions still open begin at or after their first event; regions
      // not begun yet, after this one.
      uint32_t horizon = i + 1;
      for (const auto& [j, open] : g.open) {
        if (trackerNeeded_[j]) horizon = std::min(horizon, open.first);
      }
      derive(g, horizon);
    }
  }

  void closeRegion(Live& g, uint32_t tracker, OpenRegion& open, bool atEnd) {
    TimedRegion t;
    if (!trackers_[tracker].close(open, atEnd, t.r, t.firstTime, t.lastTime)) return;
    found(g, t);
  }

  // A region of `g` (found, or derived) is complete.
  void found(Live& g, const TimedRegion& t) {
    const uint32_t k = t.r.recognizer;
    if (atEnd_ && needed_[k]) {
      g.regions.push_back(t);  // counted at the goroutine's end
      return;
    }
    counts_[k]++;
    if (options_.keep[k]) {
      g.regions.push_back(t);
      // Regions of one recognizer are found in time order: a goroutine's
      // runs stored in turn stay in order (forEachKept). (Regions derived
      // at the goroutine's end wait for it.)
      if (!atEnd_ && g.regions.size() >= options_.storeEvery) store(g);
    }
    for (const Role& role : roles_[k]) {
      if (g.deriving.empty()) g.deriving.resize(derived_.size());
      Deriving& d = g.deriving[role.derived];
      if (role.after) d.after.push_back(t);
      if (role.before) {
        d.before.push_back(t);
        g.waiting++;
      }
    }
  }

  // Derives from the `before` regions of `g` that begin before event
  // `horizon`: every region that ends or begins before it is known then.
  // Ties between `before` regions beginning at one event go by recognizer,
  // and `after` regions are used by end (those ending together end alike).
  void derive(Live& g, uint32_t horizon) {
    for (size_t di = 0; di < g.deriving.size() && g.waiting > 0; di++) {
      Deriving& d = g.deriving[di];
      if (std::none_of(d.before.begin(), d.before.end(),
                       [&](const TimedRegion& b) { return b.r.first < horizon; })) {
        continue;
      }
      auto byFirst = [](const TimedRegion& a, const TimedRegion& b) {
        return std::tie(a.r.first, a.r.recognizer) < std::tie(b.r.first, b.r.recognizer);
      };
      std::sort(d.before.begin(), d.before.end(), byFirst);
      std::sort(d.after.begin(), d.after.end(),
                [](const TimedRegion& a, const TimedRegion& b) { return a.r.last < b.r.last; });
      size_t a = 0, used = 0;
      for (; used < d.before.size() && d.before[used].r.first < horizon; used++) {
        const TimedRegion b = d.before[used];
        for (; a < d.after.size() && d.after[a].r.last <= b.r.first; a++) {
          const Region& r = d.after[a].r;
          if (r.first == b.r.first && r.last == b.r.last && r.recognizer == b.r.recognizer) continue;  // itself
          d.latest = d.after[a];
        }
        if (d.latest && (d.previousEnd == kNoEvent || d.latest->r.last >= d.previousEnd)) {
          const uint32_t count = b.r.first - d.latest->r.last + 1;
          const TimedRegion made{Region{d.latest->r.last, b.r.first, count, 0, derived_[di]}, d.latest->lastTime,
                                 b.firstTime};
          d.latest.reset();
          found(g, made);
        }
        d.previousEnd = b.r.last;
      }
      d.after.erase(d.after.begin(), d.after.begin() + ptrdiff_t(a));
      d.before.erase(d.before.begin(), d.before.begin() + ptrdiff_t(used));
      g.waiting -= used;
    }
  }

  // The goroutine's events ended: its regions are complete. (Regions that
  // are neither kept nor used by a derived recognizer were counted when
  // found.)
  void close(Live& g) {
    for (auto& [j, open] : g.open) closeRegion(g, j, open, true);
    derive(g, kNoEvent);
    if (atEnd_) {
      auto& mine = g.regions;
      std::sort(mine.begin(), mine.end(), [](const TimedRegion& a, const TimedRegion& b) {
        return std::tie(a.r.recognizer, a.r.first) < std::tie(b.r.recognizer, b.r.first);
      });
      regions_detail::addDerived(
          mine, patterns_.recognizers(), derived_, [](const TimedRegion& latest, const TimedRegion& before, uint32_t k) {
            const uint32_t count = before.r.first - latest.r.last + 1;
            return TimedRegion{Region{latest.r.last, before.r.first, count, 0, k}, latest.lastTime, before.firstTime};
          });
      for (const TimedRegion& t : mine) {
        if (needed_[t.r.recognizer] || patterns_.recognizers()[t.r.recognizer].derived()) {
          counts_[t.r.recognizer]++;  // not counted when found
        }
      }
    }
    store(g);
  }

  // Moves the goroutine's kept regions so far to the kept arrays, as a run
  // by recognizer and time.
  void store(Live& g) {
    auto& mine = g.regions;
    // Derived regions were added in the order of their `before` regions.
    std::stable_sort(mine.begin(), mine.end(), [](const TimedRegion& a, const TimedRegion& b) {
      return std::tie(a.r.recognizer, a.r.first) < std::tie(b.r.recognizer, b.r.first);
    });
    Run run{g.id, keptTimes_.size(), 0};
    for (const TimedRegion& t : mine) {
      if (!options_.keep[t.r.recognizer]) continue;
      keptTimes_.push_back({t.firstTime, t.lastTime});
      keptRecognizers_.push_back(t.r.recognizer);
      run.count++;
    }
    if (run.count > 0) runs_.push_back(run);
    mine.clear();
    if (mine.capacity() > options_.storeEvery) mine.shrink_to_fit();
  }

  const RegionPatterns& patterns_;
  const TraceTables& tables_;
  Options options_;
  std::vector<TestEvaluator> evaluators_;
  std::vector<Tracker> trackers_;
  std::vector<uint32_t> derived_;  // the derived recognizers, in order
  std::vector<bool> needed_;       // by recognizer: a derived recognizer uses its regions
  std::vector<std::vector<Role>> roles_;  // by recognizer
  std::vector<bool> trackerNeeded_;       // by tracker
  bool atEnd_ = false;  // derived regions of derived regions: derive at each goroutine's end
  size_t words_ = 0;
  std::vector<uint64_t> opens_;  // by (stack, kind): which trackers it activates (words_), then a "known" word
  std::vector<uint32_t> activating_;
  std::unordered_map<int64_t, Live> live_;
  StringId assistName_ = 0;
  bool started_ = false;
  int64_t traceStart_ = 0;

  std::vector<size_t> counts_;
  ChunkedArray<std::pair<int64_t, int64_t>> keptTimes_;
  ChunkedArray<uint32_t> keptRecognizers_;
  std::vector<Run> runs_;
  std::vector<StreamedSample> samples_;
};

RegionStream::RegionStream(const RegionPatterns& patterns, const TraceTables& tables, Options options)
    : impl_(std::make_unique<Impl>(patterns, tables, std::move(options))) {}
RegionStream::~RegionStream() = default;
RegionStream::RegionStream(RegionStream&&) noexcept = default;
RegionStream& RegionStream::operator=(RegionStream&&) noexcept = default;

void RegionStream::add(const Event& ev, const TraceTables&) { impl_->add(ev); }
void RegionStream::finish() { impl_->finish(); }
const std::vector<size_t>& RegionStream::counts() const { return impl_->counts(); }
void RegionStream::forEachKept(const std::function<void(const StreamedRegion&)>& f) const { impl_->forEachKept(f); }
std::vector<StreamedRegion> RegionStream::kept() const {
  std::vector<StreamedRegion> out;
  impl_->forEachKept([&](const StreamedRegion& r) { out.push_back(r); });
  return out;
}
const std::vector<StreamedSample>& RegionStream::samples() const { return impl_->samples(); }
int64_t RegionStream::traceStart() const { return impl_->traceStart(); }

}  // namespace gotrace
