#include "gotrace/analysis/regions/user_regions.h"

#include <algorithm>

namespace gotrace {

void UserRegionTracker::add(const Event& ev, const TraceTables&) {
  if (!started_) {
    start_ = ev.time;
    started_ = true;
  }
  last_ = ev.time;
  switch (ev.kind) {
    case EventKind::RegionBegin:
      open_[ev.goroutine].push_back({ev.goroutine, ev.region.type, ev.region.task, ev.time, ev.time});
      break;
    case EventKind::RegionEnd: {
      std::vector<UserRegion>& stack = open_[ev.goroutine];
      UserRegion r;
      if (!stack.empty()) {
        r = stack.back();
        stack.pop_back();
      } else {
        // Begun before the trace.
        r = {ev.goroutine, ev.region.type, ev.region.task, start_, 0};
      }
      r.end = ev.time;
      regions_.push_back(r);
      if (stack.empty()) open_.erase(ev.goroutine);
      break;
    }
    case EventKind::TaskBegin:
    case EventKind::TaskEnd:
      if (ev.task.type != 0 || !taskTypes_.contains(ev.task.id)) taskTypes_[ev.task.id] = ev.task.type;
      break;
    case EventKind::StateTransition: {
      const StateTransition& st = ev.transition;
      if (st.resource.kind != ResourceKind::Goroutine || st.goFrom() == st.goTo()) break;
      if (st.goTo() == GoState::NotExist) {
        endAll(st.resource.id, ev.time);
      } else if (st.goFrom() == GoState::NotExist && ev.goroutine != kNoGoroutine) {
        // Created inside a region: the new goroutine works for its task.
        auto creator = open_.find(ev.goroutine);
        if (creator != open_.end() && !creator->second.empty()) {
          open_[st.resource.id] = {{st.resource.id, 0, creator->second.back().task, ev.time, ev.time}};
        }
      }
      break;
    }
    default:
      break;
  }
}

void UserRegionTracker::endAll(int64_t goroutine, int64_t at) {
  auto it = open_.find(goroutine);
  if (it == open_.end()) return;
  for (auto r = it->second.rbegin(); r != it->second.rend(); ++r) {
    r->end = at;
    regions_.push_back(*r);
  }
  open_.erase(it);
}

void UserRegionTracker::finish() {
  std::vector<int64_t> live;
  for (const auto& [g, stack] : open_) live.push_back(g);
  std::sort(live.begin(), live.end());
  for (int64_t g : live) endAll(g, last_);
}

StringId UserRegionTracker::taskType(uint64_t task) const {
  auto it = taskTypes_.find(task);
  return it == taskTypes_.end() ? 0 : it->second;
}

}  // namespace gotrace
