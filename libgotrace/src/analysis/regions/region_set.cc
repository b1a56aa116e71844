#include "gotrace/analysis/regions/region_set.h"

#include <algorithm>
#include <unordered_map>

#include "region_trackers.h"

namespace gotrace {

using namespace regions_detail;

namespace {

void closeInto(Tracker& tracker, OpenRegion& open, bool atEnd, uint32_t g, std::vector<Region>& found) {
  Region r;
  int64_t firstTime = 0, lastTime = 0;
  if (!tracker.close(open, atEnd, r, firstTime, lastTime)) return;
  r.g = g;
  found.push_back(r);
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
        if (trackers[j].activate(i, ev.time, ev.stack, ev.kind, probe)) opens[slot + j / 64] |= uint64_t(1) << (j % 64);
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
          if (trackers[j].step(i, ev.time, ev.stack, ev.kind, it->second)) continue;
          closeInto(trackers[j], it->second, false, ev.g, found);
          open.erase(it);
          word &= ~bit;
        } else {
          OpenRegion r;
          trackers[j].activate(i, ev.time, ev.stack, ev.kind, r);
          open.emplace(key, r);
          word |= bit;
        }
      }
    }
  }
  for (auto& [key, r] : open) {
    closeInto(trackers[key % trackers.size()], r, true, uint32_t(key / trackers.size()), found);
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
    addDerived(mine, recognizers, derived, [&](const Region& latest, const Region& before, uint32_t k) {
      uint32_t count = 1;
      for (uint32_t i = latest.last; i != before.first && i != kNoEvent; i = t.next(i)) count++;
      return Region{latest.last, before.first, count, before.g, k};
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
