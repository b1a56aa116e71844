#include "gotrace/analysis/regions/span_tree.h"

#include <algorithm>

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

SpanRanges spanRanges(const Span& span) {
  enum class Tag { Run, Assist, Wait };
  struct Point {
    int64_t at;
    Tag tag;
    const std::string* reason;
  };
  std::vector<Point> points;
  for (int64_t at : span.startRun) points.push_back({at, Tag::Run, nullptr});
  for (const auto& [reason, list] : span.startAssist) {
    for (int64_t at : list) points.push_back({at, Tag::Assist, &reason});
  }
  for (const auto& [reason, list] : span.startWait) {
    for (int64_t at : list) points.push_back({at, Tag::Wait, &reason});
  }
  // At one instant the later kind wins: a wait beats a run that starts with it.
  std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.at < b.at; });

  Interval window{0, span.lengthNs};
  if (auto cpu = span.startWait.find("cpu"); cpu != span.startWait.end() && !cpu->second.empty()) {
    window.begin = std::min(window.begin, cpu->second.front());
  }
  SpanRanges raw;
  for (size_t i = 0; i < points.size(); i++) {
    const Interval range{points[i].at, i + 1 < points.size() ? points[i + 1].at : span.lengthNs};
    switch (points[i].tag) {
      case Tag::Run: raw.running.push_back(range); break;
      case Tag::Assist:
        raw.running.push_back(range);
        raw.assisting[*points[i].reason].push_back(range);
        break;
      case Tag::Wait: raw.waiting[*points[i].reason].push_back(range); break;
    }
  }
  SpanRanges out;
  out.running = collapse(std::move(raw.running), window);
  for (auto& [reason, list] : raw.assisting) out.assisting[reason] = collapse(std::move(list), window);
  for (auto& [reason, list] : raw.waiting) out.waiting[reason] = collapse(std::move(list), window);
  return out;
}

namespace {

struct GoroutineTime {
  Intervals runs;
  std::map<std::string, Intervals> assists, waits;
};

void gatherOne(const Span& span, std::map<int64_t, GoroutineTime>& byGoroutine) {
  SpanRanges r = spanRanges(span);
  auto shift = [&](Intervals list) {
    for (Interval& i : list) {
      i.begin += span.startNs;
      i.end += span.startNs;
    }
    return list;
  };
  GoroutineTime& g = byGoroutine[span.goroutine];
  Intervals runs = shift(r.running);
  g.runs.insert(g.runs.end(), runs.begin(), runs.end());
  for (auto& [reason, list] : r.assisting) {
    Intervals l = shift(list);
    g.assists[reason].insert(g.assists[reason].end(), l.begin(), l.end());
  }
  for (auto& [reason, list] : r.waiting) {
    Intervals l = shift(list);
    g.waits[reason].insert(g.waits[reason].end(), l.begin(), l.end());
  }
}

// Every span of the tree, with an explicit stack (trees can be deep).
void gather(const Span& root, std::map<int64_t, GoroutineTime>& byGoroutine) {
  std::vector<const Span*> todo{&root};
  while (!todo.empty()) {
    const Span* s = todo.back();
    todo.pop_back();
    gatherOne(*s, byGoroutine);
    for (const Span& child : s->caused) todo.push_back(&child);
  }
}

std::vector<int64_t> beginsRelative(const Intervals& list, int64_t origin) {
  std::vector<int64_t> out;
  for (const Interval& i : list) out.push_back(i.begin - origin);
  return out;
}

}  // namespace

TreeSummary summarize(const Span& root) {
  const Interval window{root.startNs, root.startNs + root.lengthNs};
  std::map<int64_t, GoroutineTime> byGoroutine;
  gather(root, byGoroutine);

  TreeSummary s;
  s.lengthNs = root.lengthNs;
  Intervals allRuns, nonAssistRuns;
  std::map<std::string, Intervals> assists, waits;
  const auto& priority = waitPriority();
  for (auto& [g, time] : byGoroutine) {
    Intervals runs = collapse(std::move(time.runs), window);
    s.totalRunNs += magnitude(runs);
    Intervals assisting;
    for (auto& [reason, list] : time.assists) {
      Intervals mine = collapse(std::move(list), window);
      const std::string key = reason == "gc" ? "gc" : "other";
      s.totalAssistNs[key] += magnitude(mine);
      assists[key] = unite(assists[key], mine);
      assisting = unite(assisting, mine);
    }
    nonAssistRuns = unite(nonAssistRuns, subtract(runs, assisting));
    allRuns = unite(allRuns, runs);
    for (auto& [reason, list] : time.waits) {
      const bool known = std::find(priority.begin(), priority.end(), reason) != priority.end();
      const std::string& key = known ? reason : "other";
      waits[key] = unite(waits[key], collapse(std::move(list), window));
    }
  }
  s.flatRunNs = magnitude(allRuns);
  s.flat.goroutine = root.goroutine;
  s.flat.kind = root.kind;
  s.flat.startNs = root.startNs;
  s.flat.lengthNs = root.lengthNs;
  s.flat.startRun = beginsRelative(allRuns, root.startNs);

  // What running does not cover goes to assists, then to waits, in priority order.
  Intervals remainder = complement(nonAssistRuns, window);
  auto take = [&](const std::string& key, const Intervals& claim, std::map<std::string, std::vector<int64_t>>& starts,
                  std::map<std::string, int64_t>& totals) {
    Intervals part = intersect(claim, remainder);
    if (part.empty()) return;
    starts[key] = beginsRelative(part, root.startNs);
    const int64_t before = magnitude(remainder);
    remainder = subtract(remainder, claim);
    totals[key] = before - magnitude(remainder);
  };
  for (const std::string key : {"gc", "other"}) {
    if (auto it = assists.find(key); it != assists.end()) take(key, it->second, s.flat.startAssist, s.flatAssistNs);
  }
  for (const std::string& key : priority) {
    if (auto it = waits.find(key); it != waits.end()) take(key, it->second, s.flat.startWait, s.flatWaitNs);
  }
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
  for (uint32_t e = node.start; e != kNoEvent; e = t.next(e)) {
    const TimelineEvent& ev = t.event(e);
    lastTime = ev.time;
    const bool change = e == node.start || ev.kind == TimelineKind::Start || ev.kind == TimelineKind::AssistBegin ||
                        ev.kind == TimelineKind::AssistEnd || ev.kind == TimelineKind::Block ||
                        ev.kind == TimelineKind::Yield || ev.kind == TimelineKind::SyscallEndBlocked ||
                        (ev.kind == TimelineKind::SyscallBegin && ev.wait == WaitClass::Syscall);
    if (change) changes.push_back(e);
    if (!causes_.contains(causes_.at(e), n)) break;
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
