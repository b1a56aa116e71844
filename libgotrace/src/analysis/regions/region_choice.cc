#include "gotrace/analysis/regions/region_choice.h"

#include <algorithm>
#include <limits>
#include <map>

namespace gotrace {

RegionSpans userRegionSpans(const UserRegionTracker& tracker, const StringTable& strings) {
  RegionSpans out;
  std::map<StringId, uint32_t> kindOf;
  for (const UserRegion& r : tracker.regions()) {
    if (r.type == 0) continue;
    auto [it, added] = kindOf.try_emplace(r.type, uint32_t(out.kinds.size()));
    if (added) out.kinds.emplace_back(strings.view(r.type));
    out.spans.push_back({r.goroutine, it->second, r.begin, r.end});
  }
  return out;
}

RegionSpans inferredRegionSpans(std::vector<StreamedRegion> kept, const RegionPatterns& patterns) {
  RegionSpans out;
  out.spans = std::move(kept);
  for (const RegionRecognizer& r : patterns.recognizers()) out.kinds.push_back(r.kind);
  return out;
}

std::vector<StreamedRegion> chosenSpans(const RegionChoice& choice, const UserRegionTracker& user,
                                        const RegionSpans& inferred, const StringTable& strings) {
  std::vector<StreamedRegion> out;
  for (const UserRegion& r : user.regions()) {
    if (!choice.kind.empty() && (r.type == 0 || strings.view(r.type) != choice.kind)) continue;
    if (!choice.taskType.empty()) {
      const StringId t = user.taskType(r.task);
      if (r.task == kBackgroundTask || t == 0 || strings.view(t) != choice.taskType) continue;
    }
    out.push_back({r.goroutine, 0, r.begin, r.end});
  }
  // Inferred regions belong to no task.
  if (choice.taskType.empty()) {
    for (const StreamedRegion& r : inferred.spans) {
      if (inferred.kinds[r.recognizer] == choice.kind) out.push_back(r);
    }
  }
  return out;
}

GoroutineIntervals outermostIntervals(const std::vector<StreamedRegion>& spans) {
  GoroutineIntervals out;
  for (const StreamedRegion& r : spans) out[r.goroutine].push_back({r.firstTime, r.lastTime});
  for (auto& [g, list] : out) {
    std::sort(list.begin(), list.end(),
              [](const Interval& a, const Interval& b) { return std::pair(a.begin, a.end) < std::pair(b.begin, b.end); });
    size_t kept = 0;
    int64_t lastEnd = std::numeric_limits<int64_t>::min();
    for (const Interval& i : list) {
      if (lastEnd > i.begin) continue;  // overlaps a kept one
      list[kept++] = i;
      lastEnd = i.end;
    }
    list.resize(kept);
  }
  return out;
}

int64_t overlap(const GoroutineIntervals& within, int64_t g, int64_t begin, int64_t end) {
  auto it = within.find(g);
  if (it == within.end()) return 0;
  // Sorted and apart, so their ends are sorted too: from the first one
  // ending after `begin`, up to the first one beginning after `end`.
  const Intervals& list = it->second;
  auto i = std::lower_bound(list.begin(), list.end(), begin, [](const Interval& x, int64_t t) { return x.end <= t; });
  int64_t total = 0;
  for (; i != list.end() && i->begin < end; ++i) total += std::min(i->end, end) - std::max(i->begin, begin);
  return total;
}

}  // namespace gotrace
