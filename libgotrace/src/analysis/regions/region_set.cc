#include <algorithm>
#include <unordered_map>

#include "gotrace/analysis/regions/region_set.h"

namespace gotrace {
namespace {

// Evaluates a recognizer's tests on timeline events. A test's answer depends
// only on the event's stack and kind, so answers are remembered per (stack,
// kind), and stack tests per stack.
class TestEvaluator {
 public:
  enum Rule { kActivate, kKeepalive, kCritical, kRequire, kRules };

  TestEvaluator(const RegionRecognizer& r, const TraceTables& tables)
      : recognizer_(r), tables_(tables), stackCache_(r.stackTests.size()) {}

  bool has(Rule rule) const { return !test(rule).empty(); }

  bool eval(Rule rule, const TimelineEvent& ev) {
    const EventTest& t = test(rule);
    if (t.empty()) return false;
    std::vector<int8_t>& memo = memo_[rule];
    const size_t slot = size_t(ev.stack) * kKinds + size_t(ev.kind);
    if (slot >= memo.size()) memo.resize(std::max(slot + 1, (tables_.stacks.size() + 1) * kKinds), -1);
    if (memo[slot] < 0) memo[slot] = evaluate(t, ev) ? 1 : 0;
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
  bool evaluate(const EventTest& test, const TimelineEvent& ev) {
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
        case EventTest::Op::HasStack: value = ev.stack != kNoStack && !tables_.stacks.frames(ev.stack).empty(); break;
        case EventTest::Op::Always: value = true; break;
        case EventTest::Op::Never: value = false; break;
        case EventTest::Op::Kind: value = (n.arg >> unsigned(ev.kind)) & 1; break;
        case EventTest::Op::Stack: value = stackMatches(n.arg, ev.stack); break;
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
// open (idle trackers have no state).
struct OpenRegion {
  uint32_t first = 0, lastAppended = 0, count = 0, kept = 0, keptLast = kNoEvent, requiredAt = 0;
};

// The general tracker: idle until an event activates it, then collecting
// events while they keep it alive, cut back to the last critical one.
class Tracker {
 public:
  Tracker(const RegionRecognizer& r, TestEvaluator& eval, uint32_t recognizer)
      : r_(r), eval_(eval), recognizer_(recognizer) {}

  // Whether `ev` opens a region; fills `open` if so.
  bool activate(uint32_t i, const TimelineEvent& ev, OpenRegion& open) {
    if (!eval_.eval(TestEvaluator::kActivate, ev)) return false;
    open = OpenRegion{i, i, 1, 0, kNoEvent, 0};
    if (eval_.eval(TestEvaluator::kCritical, ev)) {
      open.kept = 1;
      open.keptLast = i;
    }
    if (eval_.eval(TestEvaluator::kRequire, ev)) open.requiredAt = 1;
    return true;
  }

  // Feeds the next event of an open region's goroutine; false when the
  // region ended (the event that ends a region does not start one).
  bool step(uint32_t i, const TimelineEvent& ev, OpenRegion& open, std::vector<Region>& out) {
    if (!eval_.eval(TestEvaluator::kKeepalive, ev)) {
      finish(open, ev.g, out);
      return false;
    }
    open.count++;
    open.lastAppended = i;
    if (eval_.eval(TestEvaluator::kCritical, ev)) {
      open.kept = open.count;
      open.keptLast = i;
    }
    if (open.requiredAt == 0 && eval_.eval(TestEvaluator::kRequire, ev)) open.requiredAt = open.count;
    return true;
  }

  // The goroutine has no more events.
  void end(OpenRegion& open, uint32_t g, std::vector<Region>& out) {
    if (r_.flushAtEnd) finish(open, g, out);
  }

 private:
  void finish(OpenRegion& open, uint32_t g, std::vector<Region>& out) {
    if (!eval_.has(TestEvaluator::kCritical)) {
      open.kept = open.count;
      open.keptLast = open.lastAppended;
    }
    if (open.kept < (r_.allowSingle ? 1u : 2u)) return;
    if (eval_.has(TestEvaluator::kRequire) && (open.requiredAt == 0 || open.requiredAt > open.kept)) return;
    out.push_back(Region{open.first, open.keptLast, open.kept, g, recognizer_});
  }

  const RegionRecognizer& r_;
  TestEvaluator& eval_;
  uint32_t recognizer_;
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
  std::vector<Tracker> trackers;
  for (uint32_t k = 0; k < recognizers.size(); k++) {
    if (!recognizers[k].derived()) trackers.emplace_back(recognizers[k], evaluators[k], k);
  }

  // One pass over the events in trace order (the timeline is one array):
  // which trackers are open is a bit per goroutine and tracker, and the
  // open ones' state is kept aside. Which trackers an event would open
  // depends only on its stack and kind: remembered as a bit set.
  const size_t words = (trackers.size() + 63) / 64;
  std::vector<uint64_t> openBits(t.goroutineCount() * words, 0);
  std::vector<uint64_t> opens;  // by (stack, kind): words bits, then a "known" word
  constexpr size_t kKinds = 16;
  std::unordered_map<uint64_t, OpenRegion> open;
  std::vector<Region> found;
  for (uint32_t i = 0; i < t.eventCount(); i++) {
    const TimelineEvent& ev = t.event(i);
    if (ev.g == kNoGoroutineIndex) continue;
    const size_t slot = (size_t(ev.stack) * kKinds + size_t(ev.kind)) * (words + 1);
    if (slot + words >= opens.size()) opens.resize(std::max(slot + words + 1, opens.size() * 2), 0);
    if (!opens[slot + words]) {
      for (uint32_t j = 0; j < trackers.size(); j++) {
        OpenRegion probe;
        if (trackers[j].activate(i, ev, probe)) opens[slot + j / 64] |= uint64_t(1) << (j % 64);
      }
      opens[slot + words] = 1;
    }
    for (size_t w = 0; w < words; w++) {
      uint64_t& word = openBits[ev.g * words + w];
      uint64_t todo = word | opens[slot + w];
      while (todo) {
        const unsigned b = unsigned(__builtin_ctzll(todo));
        todo &= todo - 1;
        const uint32_t j = uint32_t(w * 64 + b);
        const uint64_t bit = uint64_t(1) << b;
        const uint64_t key = uint64_t(ev.g) * trackers.size() + j;
        if (word & bit) {
          auto it = open.find(key);
          if (trackers[j].step(i, ev, it->second, found)) continue;
          open.erase(it);
          word &= ~bit;
        } else {
          OpenRegion r;
          trackers[j].activate(i, ev, r);
          open.emplace(key, r);
          word |= bit;
        }
      }
    }
  }
  for (auto& [key, r] : open) {
    trackers[key % trackers.size()].end(r, uint32_t(key / trackers.size()), found);
  }

  // By goroutine id, recognizer and time; derived recognizers use the
  // regions of their goroutine found before them.
  std::vector<uint32_t> byId(t.goroutineCount()), rank(t.goroutineCount());
  for (uint32_t g = 0; g < byId.size(); g++) byId[g] = g;
  std::sort(byId.begin(), byId.end(), [&](uint32_t a, uint32_t b) { return t.goroutineId(a) < t.goroutineId(b); });
  for (uint32_t r = 0; r < byId.size(); r++) rank[byId[r]] = r;
  auto byGoroutine = [&](const Region& a, const Region& b) {
    return std::tie(rank[a.g], a.recognizer, a.first) < std::tie(rank[b.g], b.recognizer, b.first);
  };
  std::sort(found.begin(), found.end(), byGoroutine);
  std::vector<uint32_t> derived;
  for (uint32_t k = 0; k < recognizers.size(); k++) {
    if (recognizers[k].derived()) derived.push_back(k);
  }
  if (derived.empty()) {
    set.regions_ = std::move(found);
    return set;
  }
  for (size_t from = 0; from < found.size();) {
    size_t to = from;
    while (to < found.size() && found[to].g == found[from].g) to++;
    std::vector<Region> mine(found.begin() + ptrdiff_t(from), found.begin() + ptrdiff_t(to));
    for (uint32_t k : derived) {
      auto ofKind = [&](const std::vector<std::string>& kinds) {
        std::vector<Region> list;
        for (const Region& r : mine) {
          if (r.recognizer < k && std::find(kinds.begin(), kinds.end(), recognizers[r.recognizer].kind) != kinds.end()) {
            list.push_back(r);
          }
        }
        std::stable_sort(list.begin(), list.end(), [](const Region& a, const Region& b) { return a.first < b.first; });
        return list;
      };
      derive(t, found[from].g, ofKind(recognizers[k].after), ofKind({recognizers[k].before}), k, mine);
    }
    std::stable_sort(mine.begin(), mine.end(), [](const Region& a, const Region& b) {
      return std::tie(a.recognizer, a.first) < std::tie(b.recognizer, b.first);
    });
    set.regions_.insert(set.regions_.end(), mine.begin(), mine.end());
    from = to;
  }
  return set;
}

std::string_view serverHandler(const RegionSet& regions, const Region& region) {
  if (!regions.kind(region).starts_with("server/")) return {};
  const GoroutineTimelines& t = regions.timelines();
  const TraceTables& tables = t.tables();
  for (uint32_t e = region.first; e != kNoEvent; e = t.next(e)) {
    const StackId stack = t.event(e).stack;
    if (stack != kNoStack) {
      const auto frames = tables.stacks.frames(stack);  // leaf first
      std::string_view handler;
      for (auto f = frames.rbegin(); f != frames.rend(); ++f) {
        const std::string_view func = tables.strings.view(tables.stacks.frame(*f).func);
        if (func == "net/http.serverHandler.ServeHTTP") {
          handler = func;  // found: the next frame that is not a dispatcher
        } else if (!handler.empty()) {
          handler = func;
          if (func != "net/http.HandlerFunc.ServeHTTP" && func != "net/http.(*ServeMux).ServeHTTP") return func;
        }
      }
    }
    if (e == region.last) break;
  }
  return {};
}

}  // namespace gotrace
