#include "gotrace/analysis/regions/region_causes.h"

#include <algorithm>

namespace gotrace {

class RegionCauses::Linker {
 public:
  explicit Linker(RegionCauses& c) : c_(c), t_(c.regions_->timelines()), regions_(c.regions_->regions()) {}

  void run() {
    // Regions by first event (innermost first among those starting together:
    // fewer events, then not `outer`) and by last event.
    std::vector<uint32_t> byStart(regions_.size()), byEnd(regions_.size());
    for (uint32_t r = 0; r < regions_.size(); r++) byStart[r] = byEnd[r] = r;
    std::sort(byStart.begin(), byStart.end(), [&](uint32_t a, uint32_t b) {
      const Region &x = regions_[a], &y = regions_[b];
      const bool ox = c_.regions_->outer(x), oy = c_.regions_->outer(y);
      return std::tie(x.first, x.count, ox, a) < std::tie(y.first, y.count, oy, b);
    });
    std::sort(byEnd.begin(), byEnd.end(),
              [&](uint32_t a, uint32_t b) { return std::tie(regions_[a].last, a) < std::tie(regions_[b].last, b); });

    std::vector<uint32_t> now(t_.goroutineCount(), kNoNode);
    c_.regionNode_.assign(regions_.size(), kNoNode);
    c_.at_.assign(t_.eventCount(), kNoNode);
    size_t s = 0, e = 0;
    std::vector<uint32_t> starting, ending;
    for (uint32_t i = 0; i < t_.eventCount(); i++) {
      const TimelineEvent& ev = t_.event(i);
      uint32_t why = now[ev.g];

      starting.clear();
      while (s < byStart.size() && regions_[byStart[s]].first == i) starting.push_back(byStart[s++]);
      if (!starting.empty()) {
        // Hang the new regions over what the goroutine was doing, outermost first.
        for (auto r = starting.rbegin(); r != starting.rend(); ++r) {
          why = add({i, *r, why});
          c_.regionNode_[*r] = why;
        }
      }

      if ((ev.kind == TimelineKind::Create || ev.kind == TimelineKind::Unblock) && ev.link != kNoEvent &&
          !(ev.flags & kRuntimeWake) && !explainsNothing(ev.stack)) {
        const uint32_t woken = t_.event(ev.link).g;
        if (woken != ev.g) now[woken] = wake(i, ev.link, woken, now[woken], why);
      }

      ending.clear();
      while (e < byEnd.size() && regions_[byEnd[e]].last == i) ending.push_back(byEnd[e++]);
      if (!ending.empty()) why = end(i, ev.g, why, ending);

      c_.at_[i] = why;
      now[ev.g] = why;
    }
  }

 private:
  // Wakes from `nocause` stacks.
  bool explainsNothing(StackId stack) {
    const auto& patterns = c_.regions_->patterns().noCause();
    if (patterns.empty() || stack == kNoStack) return false;
    if (stack >= noCause_.size()) noCause_.resize(std::max<size_t>(t_.tables().stacks.size(), stack + 1), -1);
    int8_t& known = noCause_[stack];
    if (known < 0) {
      known = 0;
      for (const StackPattern& p : patterns) {
        if (p.matches(stack, t_.tables().stacks, t_.tables().strings)) known = 1;
      }
    }
    return known == 1;
  }

  uint32_t add(CauseNode n) {
    c_.nodes_.push_back(n);
    return uint32_t(c_.nodes_.size() - 1);
  }

  // At event `i`, goroutine `woken` is made runnable (its next run starts at `startEvent`)
  // by a goroutine working for `inbound`. It takes on that explanation unless
  // it already has a region of its own, or the work on offer is shared (a
  // DNS lookup does not explain the dial waiting for it). If the inbound
  // chain passes through `woken` itself, it resumes its own older
  // explanation instead of one that loops through the waker; if that
  // explanation is a region that has already ended, the waker is finishing
  // old business (a connection's reader after its request), which explains
  // nothing new.
  uint32_t wake(uint32_t i, uint32_t startEvent, uint32_t woken, uint32_t existing, uint32_t inbound) {
    if (inbound == kNoNode) return existing;
    uint32_t best = kNoNode;  // kNoNode here stands for the new node
    for (uint32_t n = inbound; n != kNoNode; n = c_.nodes_[n].parent) {
      const CauseNode& node = c_.nodes_[n];
      if (existing != kNoNode && node.region != kNoRegion && c_.regions_->shared(regions_[node.region])) {
        return existing;
      }
      if (t_.event(node.start).g == woken) {
        if (node.region != kNoRegion && regions_[node.region].last < i) return existing;
        best = n;
      }
    }
    if (existing != kNoNode && c_.nodes_[existing].region != kNoRegion) return existing;
    return best != kNoNode ? best : add({startEvent, kNoRegion, inbound});
  }

  // Regions `ending` end at event `i` of goroutine `g`: they leave the
  // chain, with the wake marks above them; regions of this goroutine that
  // are still open and were above them are put back on top.
  uint32_t end(uint32_t i, uint32_t g, uint32_t why, const std::vector<uint32_t>& ending) {
    open_.clear();
    pending_.clear();
    uint32_t base = kNoNode;
    bool found = false;
    for (uint32_t n = why; n != kNoNode; n = c_.nodes_[n].parent) {
      const CauseNode& node = c_.nodes_[n];
      if (node.region == kNoRegion) continue;
      if (std::find(ending.begin(), ending.end(), node.region) != ending.end()) {
        found = true;
        base = node.parent;
        pending_ = open_;
      } else if (t_.event(node.start).g == g && regions_[node.region].last > i) {
        open_.push_back(n);
      }
    }
    if (!found) return why;
    for (auto n = pending_.rbegin(); n != pending_.rend(); ++n) {
      const uint32_t r = c_.nodes_[*n].region;
      base = add({regions_[r].first, r, base});
    }
    return base;
  }

  RegionCauses& c_;
  const GoroutineTimelines& t_;
  const std::vector<Region>& regions_;
  std::vector<uint32_t> open_, pending_;
  std::vector<int8_t> noCause_;  // by stack id: -1 unknown
};

RegionCauses RegionCauses::link(const RegionSet& regions) {
  RegionCauses c;
  c.regions_ = &regions;
  Linker(c).run();
  return c;
}

}  // namespace gotrace
