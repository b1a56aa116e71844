#include "gotrace/analysis/regions/span_tree.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace gotrace {

namespace {

// Everything of a span but what it caused.
void copyFields(Span& to, const Span& from) {
  to.goroutine = from.goroutine;
  to.kind = from.kind;
  to.startNs = from.startNs;
  to.lengthNs = from.lengthNs;
  to.startRun = from.startRun;
  to.startAssist = from.startAssist;
  to.startWait = from.startWait;
}

// Copies what `from` caused below `to` (which has no children yet), level by level.
void copyCaused(Span& to, const Span& from) {
  std::vector<std::pair<Span*, const Span*>> todo{{&to, &from}};
  while (!todo.empty()) {
    auto [dst, src] = todo.back();
    todo.pop_back();
    // Reserved whole first: the pointers pushed below stay valid.
    dst->caused.reserve(src->caused.size());
    for (const Span& c : src->caused) copyFields(dst->caused.emplace_back(), c);
    for (size_t i = 0; i < src->caused.size(); i++) todo.push_back({&dst->caused[i], &src->caused[i]});
  }
}

// Takes the subtrees out of `caused` one level at a time, so that no
// destructor recurses.
void dismantle(std::vector<Span>& caused) {
  if (caused.empty()) return;
  std::vector<Span> pending = std::move(caused);
  caused.clear();
  while (!pending.empty()) {
    Span s = std::move(pending.back());
    pending.pop_back();
    for (Span& c : s.caused) pending.push_back(std::move(c));
    s.caused.clear();  // moved-from spans, without children
  }
}

}  // namespace

Span::Span(const Span& other) {
  copyFields(*this, other);
  copyCaused(*this, other);
}

Span& Span::operator=(const Span& other) {
  if (this != &other) {
    Span copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Span& Span::operator=(Span&& other) noexcept {
  if (this != &other) {
    dismantle(caused);
    goroutine = other.goroutine;
    kind = std::move(other.kind);
    startNs = other.startNs;
    lengthNs = other.lengthNs;
    startRun = std::move(other.startRun);
    startAssist = std::move(other.startAssist);
    startWait = std::move(other.startWait);
    caused = std::move(other.caused);
  }
  return *this;
}

Span::~Span() { dismantle(caused); }

const std::vector<std::string>& waitPriority() {
  static const std::vector<std::string> order = [] {
    std::vector<std::string> names;
    for (int w = int(WaitClass::Cpu); w < kWaitClassCount; w++) names.emplace_back(waitClassName(WaitClass(w)));
    return names;
  }();
  return order;
}

namespace {

enum class PointKind { Run, Assist, Wait };

// Calls `range(kind, reason, ordinal, interval)` for each stretch of `span`
// from one change point to the next (offsets from its start), clipped to its
// window (see SpanRanges) and not empty. `reason` is the assist's or wait's
// reason (null for runs), `ordinal` its place in span.startAssist or
// span.startWait.
template <typename Range>
void forEachRange(const Span& span, Range&& range) {
  struct Point {
    int64_t at;
    PointKind kind;
    const std::string* reason;
    uint32_t ordinal;
  };
  std::vector<Point> points;
  for (int64_t at : span.startRun) points.push_back({at, PointKind::Run, nullptr, 0});
  uint32_t ordinal = 0;
  for (const auto& [reason, list] : span.startAssist) {
    for (int64_t at : list) points.push_back({at, PointKind::Assist, &reason, ordinal});
    ordinal++;
  }
  ordinal = 0;
  for (const auto& [reason, list] : span.startWait) {
    for (int64_t at : list) points.push_back({at, PointKind::Wait, &reason, ordinal});
    ordinal++;
  }
  // At one instant the later kind wins: a wait beats a run that starts with it.
  std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.at < b.at; });

  Interval window{0, span.lengthNs};
  if (auto cpu = span.startWait.find("cpu"); cpu != span.startWait.end() && !cpu->second.empty()) {
    window.begin = std::min(window.begin, cpu->second.front());
  }
  for (size_t i = 0; i < points.size(); i++) {
    const Interval r{std::max(points[i].at, window.begin),
                     std::min(i + 1 < points.size() ? points[i + 1].at : span.lengthNs, window.end)};
    if (r.begin < r.end) range(points[i].kind, points[i].reason, points[i].ordinal, r);
  }
}

}  // namespace

SpanRanges spanRanges(const Span& span) {
  SpanRanges raw;
  forEachRange(span, [&](PointKind kind, const std::string* reason, uint32_t, Interval r) {
    switch (kind) {
      case PointKind::Run: raw.running.push_back(r); break;
      case PointKind::Assist:
        raw.running.push_back(r);
        raw.assisting[*reason].push_back(r);
        break;
      case PointKind::Wait: raw.waiting[*reason].push_back(r); break;
    }
  });
  // Clipped already: collapsing sorts and merges.
  const Interval all{INT64_MIN, INT64_MAX};
  SpanRanges out;
  out.running = collapse(std::move(raw.running), all);
  for (auto& [reason, list] : raw.assisting) out.assisting[reason] = collapse(std::move(list), all);
  for (auto& [reason, list] : raw.waiting) out.waiting[reason] = collapse(std::move(list), all);
  return out;
}

namespace {

// A summary's two kinds of assist: the collector's, and any other.
constexpr int kAssistKeys = 2;
constexpr const char* kAssistKey[kAssistKeys] = {"gc", "other"};

// Wait reasons are summarized by class; reasons that are no class's name
// count as "other" (the last class).
size_t waitIndex(const std::string& reason) {
  const auto& priority = waitPriority();
  const auto it = std::find(priority.begin(), priority.end(), reason);
  return it != priority.end() ? size_t(it - priority.begin()) : priority.size() - 1;
}

// One goroutine's ranges in a tree, in absolute time, not yet merged.
struct GoroutineTime {
  Intervals runs;
  std::map<std::string, Intervals> assists;          // by reason
  std::array<Intervals, kWaitClassCount - 1> waits;  // by waitPriority() index
};

// A span's ranges (forEachRange's), shifted to absolute time, added to its
// goroutine's. They are sets: merged once for the whole tree.
void gatherOne(const Span& span, GoroutineTime& g, std::vector<size_t>& waitIndexes) {
  waitIndexes.clear();
  for (const auto& entry : span.startWait) waitIndexes.push_back(waitIndex(entry.first));
  forEachRange(span, [&](PointKind kind, const std::string* reason, uint32_t ordinal, Interval r) {
    r.begin += span.startNs;
    r.end += span.startNs;
    switch (kind) {
      case PointKind::Run: g.runs.push_back(r); break;
      case PointKind::Assist:
        g.runs.push_back(r);
        g.assists[*reason].push_back(r);
        break;
      case PointKind::Wait: g.waits[waitIndexes[ordinal]].push_back(r); break;
    }
  });
}

void append(Intervals& to, const Intervals& from) { to.insert(to.end(), from.begin(), from.end()); }

std::vector<int64_t> beginsRelative(const Intervals& list, int64_t origin) {
  std::vector<int64_t> out;
  out.reserve(list.size());
  for (const Interval& i : list) out.push_back(i.begin - origin);
  return out;
}

}  // namespace

class TreeSummarizer::Impl {
 public:
  void add(const Span& span) {
    if (!haveRoot_) {
      root_.goroutine = span.goroutine;
      root_.kind = span.kind;
      root_.startNs = span.startNs;
      root_.lengthNs = span.lengthNs;
      haveRoot_ = true;
    }
    gatherOne(span, byGoroutine_[span.goroutine], waitIndexes_);
  }

  TreeSummary finish();

 private:
  Span root_;  // without change points
  bool haveRoot_ = false;
  std::map<int64_t, GoroutineTime> byGoroutine_;
  std::vector<size_t> waitIndexes_;  // scratch
};

TreeSummarizer::TreeSummarizer() : impl_(std::make_unique<Impl>()) {}
TreeSummarizer::~TreeSummarizer() = default;
void TreeSummarizer::add(const Span& span) { impl_->add(span); }
TreeSummary TreeSummarizer::finish() { return impl_->finish(); }

TreeSummary summarize(const Span& root) {
  // Every span of the tree, with an explicit stack (trees can be deep).
  TreeSummarizer summarizer;
  std::vector<const Span*> todo{&root};
  while (!todo.empty()) {
    const Span* s = todo.back();
    todo.pop_back();
    summarizer.add(*s);
    for (const Span& child : s->caused) todo.push_back(&child);
  }
  return summarizer.finish();
}

TreeSummary TreeSummarizer::Impl::finish() {
  const Span& root = root_;
  const Interval window{root.startNs, root.startNs + root.lengthNs};

  // Per goroutine, what it ran and assisted; then the tree's unions, each
  // merged once from everything gathered.
  TreeSummary s;
  s.lengthNs = root.lengthNs;
  Intervals allRuns, nonAssistRuns;
  std::array<Intervals, kAssistKeys> assists;
  std::array<Intervals, kWaitClassCount - 1> waits;
  for (auto& [g, time] : byGoroutine_) {
    Intervals runs = collapse(std::move(time.runs), window);
    s.totalRunNs += magnitude(runs);
    Intervals assisting;
    for (auto& [reason, list] : time.assists) {
      const int key = reason == "gc" ? 0 : 1;
      Intervals mine = collapse(std::move(list), window);
      s.totalAssistNs[kAssistKey[key]] += magnitude(mine);
      append(assists[key], mine);
      append(assisting, mine);
    }
    if (assisting.empty()) {
      append(nonAssistRuns, runs);
    } else {
      append(nonAssistRuns, subtract(runs, collapse(std::move(assisting), window)));
    }
    append(allRuns, runs);
    for (size_t w = 0; w < time.waits.size(); w++) append(waits[w], time.waits[w]);
  }
  allRuns = collapse(std::move(allRuns), window);
  nonAssistRuns = collapse(std::move(nonAssistRuns), window);
  s.flatRunNs = magnitude(allRuns);
  s.flat.goroutine = root.goroutine;
  s.flat.kind = root.kind;
  s.flat.startNs = root.startNs;
  s.flat.lengthNs = root.lengthNs;
  s.flat.startRun = beginsRelative(allRuns, root.startNs);

  // What running does not cover goes to assists, then to waits, in priority order.
  Intervals remainder = complement(nonAssistRuns, window);
  auto take = [&](const std::string& key, Intervals claim, std::map<std::string, std::vector<int64_t>>& starts,
                  std::map<std::string, int64_t>& totals) {
    if (claim.empty() || remainder.empty()) return;
    claim = collapse(std::move(claim), window);
    Intervals part = intersect(claim, remainder);
    if (part.empty()) return;
    starts[key] = beginsRelative(part, root.startNs);
    const int64_t before = magnitude(remainder);
    remainder = subtract(remainder, claim);
    totals[key] = before - magnitude(remainder);
  };
  for (int key = 0; key < kAssistKeys; key++) {
    take(kAssistKey[key], std::move(assists[key]), s.flat.startAssist, s.flatAssistNs);
  }
  const auto& priority = waitPriority();
  for (size_t w = 0; w < priority.size(); w++) take(priority[w], std::move(waits[w]), s.flat.startWait, s.flatWaitNs);
  for (auto* totals : {&s.totalAssistNs, &s.flatAssistNs, &s.flatWaitNs}) {
    std::erase_if(*totals, [](const auto& kv) { return kv.second == 0; });
  }
  return s;
}

SpanForest::SpanForest(const RegionCauses& causes) : causes_(causes) {
  const size_t n = causes.nodeCount();
  const GoroutineTimelines& t = causes.regions().timelines();
  std::vector<uint8_t> seen(n, 0), inTree(n, 0);
  for (uint32_t i = 0; i < t.eventCount(); i++) {
    const uint32_t c = causes.at(i);
    if (c != kNoNode && !seen[c]) {
      seen[c] = 1;
      chains_.push_back(c);
    }
  }
  // Nodes are created after their parents, so one pass in index order finds roots.
  std::vector<uint32_t> rootOf(n);
  for (uint32_t i = 0; i < n; i++) {
    const uint32_t p = causes.node(i).parent;
    rootOf[i] = p == kNoNode ? i : rootOf[p];
  }
  for (uint32_t c : chains_) {
    inTree[c] = 1;
    inTree[rootOf[c]] = 1;
  }
  // A node's parent in the tree is the nearest tree node above it that began
  // at another event (regions that start together are siblings).
  std::vector<uint32_t> treeParent(n, kNoNode);
  std::vector<uint32_t> childCount(n + 1, 0);
  auto startTime = [&](uint32_t node) { return t.event(causes.node(node).start).time; };
  for (uint32_t i = 0; i < n; i++) {
    if (!inTree[i]) continue;
    if (causes.node(i).parent == kNoNode) {
      roots_.push_back(i);
      continue;
    }
    uint32_t p = causes.node(i).parent;
    while (p != kNoNode && causes.node(p).start == causes.node(i).start) p = causes.node(p).parent;
    while (p != kNoNode && !inTree[p]) p = causes.node(p).parent;
    if (p == kNoNode) p = rootOf[i];
    treeParent[i] = p;
    childCount[p]++;
  }
  childBegin_.assign(n + 1, 0);
  for (size_t i = 0; i < n; i++) childBegin_[i + 1] = childBegin_[i] + childCount[i];
  children_.resize(childBegin_[n]);
  std::vector<uint32_t> fill(childBegin_.begin(), childBegin_.end() - 1);
  for (uint32_t i = 0; i < n; i++) {
    if (treeParent[i] != kNoNode) children_[fill[treeParent[i]]++] = i;
  }
  auto byStart = [&](uint32_t a, uint32_t b) {
    const int64_t ta = startTime(a), tb = startTime(b);
    return ta != tb ? ta < tb : a < b;
  };
  for (size_t i = 0; i < n; i++) std::sort(children_.begin() + childBegin_[i], children_.begin() + childBegin_[i + 1], byStart);
  std::sort(roots_.begin(), roots_.end(), byStart);
}

Span SpanForest::tree(size_t root) const {
  // Built level by level with an explicit stack: creation chains can be tens
  // of thousands deep.
  Span top = span(roots_[root]);
  std::vector<std::pair<Span*, uint32_t>> todo{{&top, roots_[root]}};
  while (!todo.empty()) {
    auto [s, n] = todo.back();
    todo.pop_back();
    const uint32_t begin = childBegin_[n], end = childBegin_[n + 1];
    // Reserved whole first: the pointers pushed below stay valid.
    s->caused.reserve(end - begin);
    for (uint32_t c = begin; c < end; c++) s->caused.push_back(span(children_[c]));
    for (uint32_t c = begin; c < end; c++) todo.push_back({&s->caused[c - begin], children_[c]});
  }
  return top;
}

size_t SpanForest::depth(size_t root) const {
  // A level at a time: no recursion.
  size_t levels = 0;
  std::vector<uint32_t> level{roots_[root]}, next;
  while (!level.empty()) {
    levels++;
    next.clear();
    for (uint32_t n : level) next.insert(next.end(), children_.begin() + childBegin_[n], children_.begin() + childBegin_[n + 1]);
    level.swap(next);
  }
  return levels;
}

std::string_view SpanForest::rootHandler(size_t root) const {
  const uint32_t n = roots_[root];
  return causes_.node(n).region != kNoRegion ? serverHandler(causes_.regions(), causes_.region(n)) : std::string_view();
}

// One span, without what it caused.
Span SpanForest::span(uint32_t n) const {
  const GoroutineTimelines& t = causes_.regions().timelines();
  const CauseNode& node = causes_.node(n);
  const TimelineEvent& first = t.event(node.start);
  Span s;
  s.goroutine = t.goroutineId(first.g);
  s.kind = node.region != kNoRegion ? std::string(causes_.regions().kind(causes_.region(n)))
                                    : std::string(t.tables().strings.view(t.rootFunction(first.g)));
  if (node.region != kNoRegion) s.handler = serverHandler(causes_.regions(), causes_.region(n));
  s.startNs = first.time - t.traceStart();

  // The goroutine's events while its chain holds this node, and the one after.
  std::vector<uint32_t> changes;
  int64_t lastTime = first.time;
  uint32_t holding = kNoNode;  // the last chain found to contain n: runs of events share one
  for (uint32_t e = node.start; e != kNoEvent; e = t.next(e)) {
    const TimelineEvent& ev = t.event(e);
    lastTime = ev.time;
    const bool change = e == node.start || ev.kind == TimelineKind::Start || ev.kind == TimelineKind::AssistBegin ||
                        ev.kind == TimelineKind::AssistEnd || ev.kind == TimelineKind::Block ||
                        ev.kind == TimelineKind::Yield || ev.kind == TimelineKind::SyscallEndBlocked ||
                        (ev.kind == TimelineKind::SyscallBegin && ev.wait == WaitClass::Syscall);
    if (change) changes.push_back(e);
    const uint32_t chain = causes_.at(e);
    if (chain != holding) {
      if (!causes_.contains(chain, n)) break;
      holding = chain;
    }
  }
  s.lengthNs = lastTime - first.time;

  for (size_t j = 0; j < changes.size(); j++) {
    const TimelineEvent& ev = t.event(changes[j]);
    const int64_t at = ev.time - first.time;
    if (j == 0 && ev.kind == TimelineKind::Start && ev.link != kNoEvent) {
      const int64_t latency = first.time - t.event(ev.link).time;
      if (latency > 0) s.startWait["cpu"].push_back(-latency);
    }
    switch (ev.kind) {
      case TimelineKind::AssistBegin: s.startAssist["gc"].push_back(at); break;
      case TimelineKind::Block: {
        s.startWait[std::string(waitClassName(ev.wait))].push_back(at);
        // Unblocked before it ran again: waiting for a CPU from then on.
        if (ev.link != kNoEvent && j + 1 < changes.size()) {
          const int64_t unblocked = t.event(ev.link).time;
          if (unblocked > ev.time && unblocked < t.event(changes[j + 1]).time) {
            s.startWait["cpu"].push_back(unblocked - first.time);
          }
        }
        break;
      }
      case TimelineKind::Yield:
      case TimelineKind::SyscallEndBlocked: s.startWait["cpu"].push_back(at); break;
      case TimelineKind::SyscallBegin:
        if (ev.wait == WaitClass::Syscall) {
          s.startWait["syscall"].push_back(at);
          break;
        }
        [[fallthrough]];
      default: s.startRun.push_back(at); break;
    }
  }
  return s;
}

}  // namespace gotrace
