// The machinery of region finding that RegionSet::find (whole timelines)
// and RegionStream (events as they are read) share: evaluating a
// recognizer's tests on timeline events, the tracker that opens, extends and
// closes one recognizer's regions on one goroutine, and derived regions.
// Private to analysis/regions.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/analysis/regions/region_set.h"

namespace gotrace::regions_detail {

// Evaluates a recognizer's tests on timeline events. A test's answer depends
// only on the event's stack and kind, so answers are remembered per (stack,
// kind), and stack tests per stack.
class TestEvaluator {
 public:
  enum Rule { kActivate, kKeepalive, kCritical, kRequire, kRules };

  TestEvaluator(const RegionRecognizer& r, const TraceTables& tables)
      : recognizer_(r), tables_(tables), stackCache_(r.stackTests.size()) {}

  bool has(Rule rule) const { return !test(rule).empty(); }

  bool eval(Rule rule, StackId stack, TimelineKind kind) {
    const EventTest& t = test(rule);
    if (t.empty()) return false;
    std::vector<int8_t>& memo = memo_[rule];
    const size_t slot = size_t(stack) * kKinds + size_t(kind);
    if (slot >= memo.size()) memo.resize(std::max(slot + 1, (tables_.stacks.size() + 1) * kKinds), -1);
    if (memo[slot] < 0) memo[slot] = evaluate(t, stack, kind) ? 1 : 0;
    return memo[slot] == 1;
  }

 private:
  static constexpr size_t kKinds = 16;
  static_assert(size_t(TimelineKind::Annotation) < kKinds);

  const EventTest& test(Rule rule) const {
    switch (rule) {
      case kActivate: return recognizer_.activate;
      case kKeepalive: return recognizer_.keepalive;
      case kCritical: return recognizer_.critical;
      default: return recognizer_.require;
    }
  }

  // Evaluates the expression with an explicit stack, short-circuiting `or`
  // and `and`: a pattern file may chain a hundred thousand of them.
  struct Step {
    int32_t node;
    uint8_t stage;  // 0: nothing evaluated yet, 1: the left side is in `value`
  };
  bool evaluate(const EventTest& test, StackId stack, TimelineKind kind) {
    std::vector<Step>& todo = steps_;
    todo.clear();
    todo.push_back({int32_t(test.nodes.size() - 1), 0});
    bool value = false;
    while (!todo.empty()) {
      Step& step = todo.back();
      const EventTest::Node& n = test.nodes[size_t(step.node)];
      switch (n.op) {
        case EventTest::Op::Or:
        case EventTest::Op::And:
          if (step.stage == 0) {
            step.stage = 1;
            todo.push_back({n.left, 0});
          } else {
            // The left side decided it, or the right side's value is the answer.
            const bool decided = n.op == EventTest::Op::Or ? value : !value;
            const int32_t right = n.right;
            todo.pop_back();
            if (!decided) todo.push_back({right, 0});
          }
          continue;
        case EventTest::Op::Not:
          if (step.stage == 0) {
            step.stage = 1;
            todo.push_back({n.left, 0});
          } else {
            value = !value;
            todo.pop_back();
          }
          continue;
        case EventTest::Op::HasStack: value = stack != kNoStack && !tables_.stacks.frames(stack).empty(); break;
        case EventTest::Op::Always: value = true; break;
        case EventTest::Op::Never: value = false; break;
        case EventTest::Op::Kind: value = (n.arg >> unsigned(kind)) & 1; break;
        case EventTest::Op::Stack: value = stackMatches(n.arg, stack); break;
      }
      todo.pop_back();
    }
    return value;
  }

  bool stackMatches(uint32_t test, StackId s) {
    std::vector<int8_t>& cache = stackCache_[test];
    if (s >= cache.size()) cache.resize(std::max<size_t>(tables_.stacks.size() + 1, s + 1), -1);
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
  std::vector<std::vector<int8_t>> stackCache_;  // per stack test, by stack: -1 unknown, 0 no, 1 yes
  std::vector<int8_t> memo_[kRules];             // per rule, by stack and kind
  std::vector<Step> steps_;                      // evaluate()'s stack, kept between calls
};

// The state of one recognizer's tracker on one goroutine while a region is
// open (idle trackers have no state). Events are numbered by the caller
// (timeline indexes, or ordinals within the goroutine); the times of the
// numbered events are kept alongside for callers that have no timeline.
struct OpenRegion {
  uint32_t first = 0, lastAppended = 0, count = 0, kept = 0, keptLast = kNoEvent, requiredAt = 0;
  int64_t firstTime = 0, lastAppendedTime = 0, keptLastTime = 0;
};

// The general tracker: idle until an event activates it, then collecting
// events while they keep it alive, cut back to the last critical one.
class Tracker {
 public:
  Tracker(const RegionRecognizer& r, TestEvaluator& eval, uint32_t recognizer)
      : r_(r), eval_(eval), recognizer_(recognizer) {}

  uint32_t recognizer() const { return recognizer_; }

  // Whether an event (number i) opens a region; fills `open` if so.
  bool activate(uint32_t i, int64_t time, StackId stack, TimelineKind kind, OpenRegion& open) {
    if (!eval_.eval(TestEvaluator::kActivate, stack, kind)) return false;
    open = OpenRegion{i, i, 1, 0, kNoEvent, 0, time, time, 0};
    if (eval_.eval(TestEvaluator::kCritical, stack, kind)) {
      open.kept = 1;
      open.keptLast = i;
      open.keptLastTime = time;
    }
    if (eval_.eval(TestEvaluator::kRequire, stack, kind)) open.requiredAt = 1;
    return true;
  }

  // Feeds the next event of an open region's goroutine; false when the
  // region ended (the event that ends a region does not start one: the
  // caller then asks close()).
  bool step(uint32_t i, int64_t time, StackId stack, TimelineKind kind, OpenRegion& open) {
    if (!eval_.eval(TestEvaluator::kKeepalive, stack, kind)) return false;
    open.count++;
    open.lastAppended = i;
    open.lastAppendedTime = time;
    if (eval_.eval(TestEvaluator::kCritical, stack, kind)) {
      open.kept = open.count;
      open.keptLast = i;
      open.keptLastTime = time;
    }
    if (open.requiredAt == 0 && eval_.eval(TestEvaluator::kRequire, stack, kind)) open.requiredAt = open.count;
    return true;
  }

  // Whether a region that ended (atEnd: that was still open when its
  // goroutine's events ended) is one; fills `out` (but for its goroutine)
  // and the times of its first and last events if so.
  bool close(OpenRegion& open, bool atEnd, Region& out, int64_t& firstTime, int64_t& lastTime) {
    if (atEnd && !r_.flushAtEnd) return false;
    if (!eval_.has(TestEvaluator::kCritical)) {
      open.kept = open.count;
      open.keptLast = open.lastAppended;
      open.keptLastTime = open.lastAppendedTime;
    }
    if (open.kept < (r_.allowSingle ? 1u : 2u)) return false;
    if (eval_.has(TestEvaluator::kRequire) && (open.requiredAt == 0 || open.requiredAt > open.kept)) return false;
    out = Region{open.first, open.keptLast, open.kept, 0, recognizer_};
    firstTime = open.firstTime;
    lastTime = open.keptLastTime;
    return true;
  }

 private:
  const RegionRecognizer& r_;
  TestEvaluator& eval_;
  uint32_t recognizer_;
};

// Region access for derive(): plain regions, or regions with times.
inline Region& baseOf(Region& r) { return r; }
inline const Region& baseOf(const Region& r) { return r; }

// Derived regions: for each `before` region, from the latest end of an
// `after` region that ends before it begins (and not before the previous
// `before` region ended) through the `before` region's first event. Without
// such an end, there is no region. make(latestAfter, before) builds one.
template <typename R, typename Make>
void derive(std::vector<R> after, const std::vector<R>& before, Make make, std::vector<R>& out) {
  std::stable_sort(after.begin(), after.end(), [](const R& a, const R& b) { return baseOf(a).last < baseOf(b).last; });
  size_t a = 0;
  const R* latest = nullptr;  // the latest end seen so far
  uint32_t previousEnd = kNoEvent;
  for (const R& br : before) {
    const Region& b = baseOf(br);
    for (; a < after.size() && baseOf(after[a]).last <= b.first; a++) {
      const Region& r = baseOf(after[a]);
      if (r.first == b.first && r.last == b.last && r.recognizer == b.recognizer) continue;  // itself
      latest = &after[a];
    }
    if (latest && (previousEnd == kNoEvent || baseOf(*latest).last >= previousEnd)) {
      out.push_back(make(*latest, br));
      latest = nullptr;
    }
    previousEnd = b.last;
  }
}

// One goroutine's regions, sorted by recognizer and first event, get the
// derived recognizers' regions added, in the same order.
template <typename R, typename Make>
void addDerived(std::vector<R>& mine, const std::vector<RegionRecognizer>& recognizers,
                const std::vector<uint32_t>& derived, Make make) {
  for (uint32_t k : derived) {
    auto ofKind = [&](const std::vector<std::string>& kinds) {
      std::vector<R> list;
      for (const R& r : mine) {
        const uint32_t rk = baseOf(r).recognizer;
        if (rk < k && std::find(kinds.begin(), kinds.end(), recognizers[rk].kind) != kinds.end()) list.push_back(r);
      }
      std::stable_sort(list.begin(), list.end(),
                       [](const R& a, const R& b) { return baseOf(a).first < baseOf(b).first; });
      return list;
    };
    derive(ofKind(recognizers[k].after), ofKind({recognizers[k].before}),
           [&](const R& latest, const R& before) { return make(latest, before, k); }, mine);
  }
  std::stable_sort(mine.begin(), mine.end(), [](const R& a, const R& b) {
    return std::tie(baseOf(a).recognizer, baseOf(a).first) < std::tie(baseOf(b).recognizer, baseOf(b).first);
  });
}

}  // namespace gotrace::regions_detail
