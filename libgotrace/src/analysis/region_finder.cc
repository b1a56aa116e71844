#include <algorithm>
#include <numeric>

#include "gotrace/regions.h"

namespace gotrace {
namespace {

// Evaluates a recognizer's tests on timeline events; stack tests are
// remembered per stack id.
class TestEvaluator {
 public:
  TestEvaluator(const RegionRecognizer& r, const TraceTables& tables)
      : recognizer_(r), tables_(tables), cache_(r.stackTests.size()) {}

  bool eval(const EventTest& test, const TimelineEvent& ev) {
    return test.empty() ? false : node(test, int32_t(test.nodes.size() - 1), ev);
  }

 private:
  bool node(const EventTest& test, int32_t i, const TimelineEvent& ev) {
    const EventTest::Node& n = test.nodes[size_t(i)];
    switch (n.op) {
      case EventTest::Op::Or: return node(test, n.left, ev) || node(test, n.right, ev);
      case EventTest::Op::And: return node(test, n.left, ev) && node(test, n.right, ev);
      case EventTest::Op::Not: return !node(test, n.left, ev);
      case EventTest::Op::HasStack: return hasStack(ev.stack);
      case EventTest::Op::Always: return true;
      case EventTest::Op::Never: return false;
      case EventTest::Op::Kind: return (n.arg >> unsigned(ev.kind)) & 1;
      case EventTest::Op::Stack: return stackMatches(n.arg, ev.stack);
    }
    return false;
  }

  bool hasStack(StackId s) const { return s != kNoStack && !tables_.stacks.frames(s).empty(); }

  bool stackMatches(uint32_t test, StackId s) {
    std::vector<int8_t>& cache = cache_[test];
    if (s >= cache.size()) cache.resize(std::max<size_t>(tables_.stacks.size(), s + 1), -1);
    int8_t& known = cache[s];
    if (known < 0) {
      known = 0;
      for (const StackPattern& p : recognizer_.stackTests[test]) {
        if (p.matches(s, tables_.stacks, tables_.strings)) {
          known = 1;
          break;
        }
      }
    }
    return known == 1;
  }

  const RegionRecognizer& recognizer_;
  const TraceTables& tables_;
  std::vector<std::vector<int8_t>> cache_;  // per stack test: -1 unknown, 0 no, 1 yes
};

// The general tracker of one recognizer on one goroutine: idle until an event
// activates it, then collecting events while they keep it alive.
class Tracker {
 public:
  Tracker(const RegionRecognizer& r, TestEvaluator& eval) : r_(r), eval_(eval) {}

  // Feeds the goroutine's next event; a finished region goes to `out`.
  void step(uint32_t i, const TimelineEvent& ev, std::vector<Region>& out, uint32_t g, uint32_t recognizer) {
    if (!active_) {
      if (!eval_.eval(r_.activate, ev)) return;
      active_ = true;
      first_ = lastAppended_ = i;
      count_ = 1;
      kept_ = 0;
      keptLast_ = kNoEvent;
      if (!r_.critical.empty() && eval_.eval(r_.critical, ev)) {
        kept_ = 1;
        keptLast_ = i;
      }
      requiredAt_ = !r_.require.empty() && eval_.eval(r_.require, ev) ? 1 : 0;
      return;
    }
    if (!eval_.eval(r_.keepalive, ev)) {
      finish(out, g, recognizer);  // the event that ends a region does not start one
      return;
    }
    count_++;
    lastAppended_ = i;
    if (!r_.critical.empty() && eval_.eval(r_.critical, ev)) {
      kept_ = count_;
      keptLast_ = i;
    }
    if (requiredAt_ == 0 && !r_.require.empty() && eval_.eval(r_.require, ev)) requiredAt_ = count_;
  }

  // The goroutine has no more events.
  void end(std::vector<Region>& out, uint32_t g, uint32_t recognizer) {
    if (active_ && r_.flushAtEnd) finish(out, g, recognizer);
    active_ = false;
  }

 private:
  void finish(std::vector<Region>& out, uint32_t g, uint32_t recognizer) {
    active_ = false;
    if (r_.critical.empty()) {
      kept_ = count_;
      keptLast_ = lastAppended_;
    }
    if (kept_ < (r_.allowSingle ? 1u : 2u)) return;
    if (!r_.require.empty() && (requiredAt_ == 0 || requiredAt_ > kept_)) return;
    out.push_back(Region{first_, keptLast_, kept_, g, recognizer});
  }

  const RegionRecognizer& r_;
  TestEvaluator& eval_;
  bool active_ = false;
  uint32_t first_ = 0, lastAppended_ = 0, count_ = 0, kept_ = 0, keptLast_ = 0, requiredAt_ = 0;
};

// Derived regions: for each `before` region, from the latest end of an
// `after` region that ends before it begins (and not before the previous
// `before` region ended) through the `before` region's first event. Without
// such an end, there is no region.
void derive(const GoroutineTimelines& t, uint32_t g, std::vector<Region> after, const std::vector<Region>& before,
            uint32_t recognizer, std::vector<Region>& out) {
  std::stable_sort(after.begin(), after.end(), [](const Region& a, const Region& b) { return a.last < b.last; });
  size_t a = 0;
  uint32_t latest = kNoEvent;  // the latest end seen so far
  uint32_t previousEnd = kNoEvent;
  for (const Region& b : before) {
    for (; a < after.size() && after[a].last <= b.first; a++) {
      const Region& r = after[a];
      if (r.first == b.first && r.last == b.last && r.recognizer == b.recognizer) continue;  // itself
      latest = r.last;
    }
    if (latest != kNoEvent && (previousEnd == kNoEvent || latest >= previousEnd)) {
      uint32_t count = 1;
      for (uint32_t i = latest; i != b.first && i != kNoEvent; i = t.next(i)) count++;
      out.push_back(Region{latest, b.first, count, g, recognizer});
      latest = kNoEvent;
    }
    previousEnd = b.last;
  }
}

}  // namespace

RegionSet RegionSet::find(const GoroutineTimelines& t, const RegionPatterns& patterns) {
  RegionSet set;
  set.timelines_ = &t;
  set.patterns_ = &patterns;
  const auto& recognizers = patterns.recognizers();
  std::vector<TestEvaluator> evaluators;
  for (const RegionRecognizer& r : recognizers) evaluators.emplace_back(r, t.tables());

  std::vector<uint32_t> order(t.goroutineCount() - 1);
  std::iota(order.begin(), order.end(), 1u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return t.goroutineId(a) < t.goroutineId(b); });

  std::vector<std::vector<Region>> found(recognizers.size());
  for (uint32_t g : order) {
    std::vector<Tracker> trackers;
    std::vector<uint32_t> tracked;
    for (uint32_t k = 0; k < recognizers.size(); k++) {
      found[k].clear();
      if (recognizers[k].derived()) continue;
      trackers.emplace_back(recognizers[k], evaluators[k]);
      tracked.push_back(k);
    }
    for (uint32_t i = t.firstEvent(g); i != kNoEvent; i = t.next(i)) {
      const TimelineEvent& ev = t.event(i);
      for (size_t j = 0; j < trackers.size(); j++) trackers[j].step(i, ev, found[tracked[j]], g, tracked[j]);
    }
    for (size_t j = 0; j < trackers.size(); j++) trackers[j].end(found[tracked[j]], g, tracked[j]);

    // Derived recognizers use the regions found above (by kind, in time order).
    for (uint32_t k = 0; k < recognizers.size(); k++) {
      if (!recognizers[k].derived()) continue;
      auto ofKind = [&](const std::vector<std::string>& kinds) {
        std::vector<Region> list;
        for (uint32_t j = 0; j < k; j++) {
          if (std::find(kinds.begin(), kinds.end(), recognizers[j].kind) != kinds.end()) {
            list.insert(list.end(), found[j].begin(), found[j].end());
          }
        }
        std::stable_sort(list.begin(), list.end(), [](const Region& a, const Region& b) { return a.first < b.first; });
        return list;
      };
      derive(t, g, ofKind(recognizers[k].after), ofKind({recognizers[k].before}), k, found[k]);
    }
    for (const auto& list : found) set.regions_.insert(set.regions_.end(), list.begin(), list.end());
  }
  return set;
}

}  // namespace gotrace
