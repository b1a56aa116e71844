#include "gotrace/analysis/latency.h"

#include <algorithm>
#include <limits>

namespace gotrace {
namespace {

constexpr std::string_view kKindNames[kLatencyKindCount] = {"task", "region", "inferred", "stw", "gc", "sched"};

// Bucket b >= 1 starts at kSteps[(b - 1) % 3] * 10^((b - 1) / 3).
constexpr int64_t kSteps[3] = {1, 2, 5};
// 1, 2, 5, ..., 5e18: the last bucket (from 5e18 ns) is open-ended.
constexpr int kLastBucket = 1 + 3 * 18 + 2;

// Orders the slowest-instance heap: a < b when a is "less slow".
bool lessSlow(const LatencyInstance& a, const LatencyInstance& b) {
  if (a.duration != b.duration) return a.duration < b.duration;
  return a.start > b.start;  // of equal durations, the later one goes first
}
// std heap functions keep the greatest at the front: this comparator makes
// it the least slow, the one to drop.
bool heapOrder(const LatencyInstance& a, const LatencyInstance& b) { return lessSlow(b, a); }

}  // namespace

std::string_view latencyKindName(LatencyKind kind) { return kKindNames[size_t(kind)]; }

std::optional<LatencyKind> latencyKindFromName(std::string_view name) {
  for (size_t k = 0; k < kLatencyKindCount; k++) {
    if (kKindNames[k] == name) return LatencyKind(k);
  }
  return std::nullopt;
}

int64_t latencyBucketLow(int bucket) {
  if (bucket <= 0) return 0;
  int64_t low = kSteps[(bucket - 1) % 3];
  for (int d = 0; d < (bucket - 1) / 3; d++) low *= 10;
  return low;
}

int64_t latencyBucketHigh(int bucket) {
  return bucket >= kLastBucket ? std::numeric_limits<int64_t>::max() : latencyBucketLow(bucket + 1);
}

int latencyBucket(int64_t ns) {
  if (ns < 1) return 0;
  int b = 1;
  while (b < kLastBucket && ns >= latencyBucketLow(b + 1)) b++;
  return b;
}

int64_t LatencyDistribution::percentile(int perMille) const {
  const size_t n = durations.size();
  if (n == 0) return 0;
  // rank = ceil(perMille * n / 1000), at least 1.
  const unsigned __int128 product = static_cast<unsigned __int128>(perMille) * n;
  size_t rank = size_t((product + 999) / 1000);
  rank = std::clamp<size_t>(rank, 1, n);
  return durations[rank - 1];
}

std::vector<LatencyBucketCount> LatencyDistribution::buckets() const {
  std::vector<LatencyBucketCount> out;
  for (const int64_t d : durations) {
    const int b = latencyBucket(d);
    if (out.empty() || out.back().bucket != b) out.push_back({b, 0});
    out.back().count++;
  }
  return out;
}

LatencyCollector::LatencyCollector(LatencyOptions options)
    : options_(options), stw_(0, [this](const StwPause& p) {
        if (p.inProgressAtStart) return;  // began before the trace did
        record(LatencyKind::Stw, p.reason, {p.end - p.request, p.request, p.initiator});
      }) {}

LatencyCollector::Building& LatencyCollector::distribution(LatencyKind kind, std::string_view name) {
  auto& map = byKind_[size_t(kind)];
  auto it = map.find(name);
  if (it == map.end()) {
    it = map.emplace(std::string(name), Building{}).first;
    it->second.dist.kind = kind;
    it->second.dist.name = std::string(name);
  }
  return it->second;
}

void LatencyCollector::record(LatencyKind kind, std::string_view name, const LatencyInstance& instance) {
  Building& b = kind == LatencyKind::Sched && sched_ ? *sched_ : distribution(kind, name);
  if (kind == LatencyKind::Sched) sched_ = &b;
  b.dist.durations.push_back(instance.duration);
  if (options_.slowest == 0) return;
  if (b.heap.size() < options_.slowest) {
    b.heap.push_back(instance);
    std::push_heap(b.heap.begin(), b.heap.end(), heapOrder);
  } else if (lessSlow(b.heap.front(), instance)) {
    std::pop_heap(b.heap.begin(), b.heap.end(), heapOrder);
    b.heap.back() = instance;
    std::push_heap(b.heap.begin(), b.heap.end(), heapOrder);
  }
}

void LatencyCollector::onTransition(const Event& ev) {
  const StateTransition& t = ev.transition;
  const int64_t g = t.resource.id;
  if (t.goTo() == GoState::NotExist) regions_.erase(g);
  if (!options_.wants(LatencyKind::Sched)) return;
  if (t.goTo() == GoState::Running && t.goFrom() == GoState::Runnable) {
    if (auto it = runnableSince_.find(g); it != runnableSince_.end()) {
      record(LatencyKind::Sched, kSchedLatencyName, {ev.time - it->second, it->second, g});
      runnableSince_.erase(it);
    }
    return;
  }
  if (t.goTo() == GoState::Runnable && t.goFrom() != GoState::Undetermined && t.goFrom() != GoState::Runnable) {
    runnableSince_[g] = ev.time;
    return;
  }
  if (t.goTo() != GoState::Runnable) runnableSince_.erase(g);
}

void LatencyCollector::add(const Event& ev, const TraceTables& tables) {
  if (!started_) {
    started_ = true;
    traceStart_ = tables.traceStart.value_or(ev.time);
  }
  switch (ev.kind) {
    case EventKind::StateTransition:
      if (ev.transition.resource.kind == ResourceKind::Goroutine) onTransition(ev);
      break;
    case EventKind::TaskBegin:
      if (options_.wants(LatencyKind::Task)) tasks_[ev.task.id] = {ev.time, ev.task.type, ev.goroutine};
      break;
    case EventKind::TaskEnd:
      if (auto it = tasks_.find(ev.task.id); it != tasks_.end()) {
        const Open& o = it->second;
        record(LatencyKind::Task, tables.strings.view(o.type), {ev.time - o.start, o.start, o.goroutine});
        tasks_.erase(it);
      }
      break;
    case EventKind::RegionBegin:
      if (options_.wants(LatencyKind::Region)) regions_[ev.goroutine].push_back({ev.time, ev.region.type, ev.goroutine});
      break;
    case EventKind::RegionEnd:
      if (auto it = regions_.find(ev.goroutine); it != regions_.end() && !it->second.empty()) {
        const Open o = it->second.back();
        it->second.pop_back();
        if (it->second.empty()) regions_.erase(it);
        record(LatencyKind::Region, tables.strings.view(o.type), {ev.time - o.start, o.start, o.goroutine});
      }
      break;
    case EventKind::RangeBegin:
    case EventKind::RangeActive:
    case EventKind::RangeEnd:
      if (options_.wants(LatencyKind::Gc) && tables.strings.view(ev.range.name) == model::kGcMarkRange) {
        if (ev.kind == EventKind::RangeBegin) {
          gc_ = Open{ev.time, 0, ev.goroutine};
        } else if (ev.kind == EventKind::RangeEnd && gc_) {
          record(LatencyKind::Gc, kGcLatencyName, {ev.time - gc_->start, gc_->start, gc_->goroutine});
          gc_.reset();
        } else {
          gc_.reset();  // active at the trace's start: its beginning is unknown
        }
      }
      break;
    default:
      break;
  }
  if (options_.wants(LatencyKind::Stw)) stw_.add(ev, tables);
}

std::vector<LatencyDistribution> LatencyCollector::take() {
  std::vector<LatencyDistribution> out;
  for (auto& map : byKind_) {
    for (auto& [name, b] : map) {
      std::sort(b.dist.durations.begin(), b.dist.durations.end());
      std::sort(b.heap.begin(), b.heap.end(), [](const auto& x, const auto& y) { return lessSlow(y, x); });
      b.dist.slowest = std::move(b.heap);
      out.push_back(std::move(b.dist));
    }
    map.clear();
  }
  sched_ = nullptr;
  return out;
}

void addInferredRegions(LatencyCollector& collector, const RegionSet& regions) {
  const GoroutineTimelines& timelines = regions.timelines();
  std::string name;
  for (const Region& r : regions.regions()) {
    const std::string_view kind = regions.kind(r);
    name.assign(kind);
    if (kind.starts_with("server/")) {
      // Requests (server/http) without a handler in their stacks are named
      // so; other server kinds (reads, writes, handshakes) seldom have one.
      const std::string_view handler = serverHandler(regions, r);
      if (!handler.empty()) {
        name += ' ';
        name += handler;
      } else if (kind == "server/http") {
        name += " (handler not seen)";
      }
    }
    const int64_t start = timelines.event(r.first).time;
    collector.record(LatencyKind::Inferred, name,
                     {timelines.event(r.last).time - start, start, timelines.goroutineId(r.g)});
  }
}

}  // namespace gotrace
