#include "gotrace/analysis/regions/region_scope.h"

#include <algorithm>

namespace gotrace {

std::vector<PlacedSample> placeSamples(const RegionSet& regions, std::string_view kind) {
  const GoroutineTimelines& t = regions.timelines();
  // Samples by goroutine, in time order within each.
  std::vector<uint32_t> bySample(t.sampleCount());
  for (uint32_t i = 0; i < bySample.size(); i++) bySample[i] = i;
  std::stable_sort(bySample.begin(), bySample.end(), [&](uint32_t a, uint32_t b) {
    const TimelineSample &x = t.sample(a), &y = t.sample(b);
    return std::tie(x.g, x.time) < std::tie(y.g, y.time);
  });

  std::vector<PlacedSample> out;
  const auto& list = regions.regions();
  for (uint32_t r = 0; r < list.size(); r++) {
    const Region& region = list[r];
    if (regions.kind(region) != kind) continue;
    const int64_t start = t.event(region.first).time, end = t.event(region.last).time;
    auto first = std::lower_bound(bySample.begin(), bySample.end(), std::pair(region.g, start),
                                  [&](uint32_t s, const std::pair<uint32_t, int64_t>& key) {
                                    return std::pair(t.sample(s).g, t.sample(s).time) < key;
                                  });
    for (auto it = first; it != bySample.end(); ++it) {
      const TimelineSample& s = t.sample(*it);
      if (s.g != region.g || s.time > end) break;
      const int64_t offset = s.time - start;
      out.push_back({r, *it, offset, end > start ? double(offset) / double(end - start) : 0.0});
    }
  }
  return out;
}

std::vector<PlacedSample> placeSamples(const std::vector<StreamedRegion>& regions,
                                       const std::vector<StreamedSample>& samples) {
  // Samples of a goroutine, by goroutine and then time (samples of no
  // goroutine are in no region).
  std::vector<uint32_t> bySample;
  for (uint32_t i = 0; i < samples.size(); i++) {
    if (samples[i].goroutine != kNoGoroutine) bySample.push_back(i);
  }
  auto key = [&](uint32_t s) { return std::pair(samples[s].goroutine, samples[s].time); };
  std::stable_sort(bySample.begin(), bySample.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });

  std::vector<PlacedSample> out;
  for (uint32_t r = 0; r < regions.size(); r++) {
    const StreamedRegion& region = regions[r];
    const int64_t start = region.firstTime, end = region.lastTime;
    auto first = std::lower_bound(bySample.begin(), bySample.end(), std::pair(region.goroutine, start),
                                  [&](uint32_t s, const std::pair<int64_t, int64_t>& k) { return key(s) < k; });
    for (auto it = first; it != bySample.end(); ++it) {
      const StreamedSample& s = samples[*it];
      if (s.goroutine != region.goroutine || s.time > end) break;
      const int64_t offset = s.time - start;
      out.push_back({r, *it, offset, end > start ? double(offset) / double(end - start) : 0.0});
    }
  }
  return out;
}

}  // namespace gotrace
