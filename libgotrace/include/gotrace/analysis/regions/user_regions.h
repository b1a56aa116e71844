// User regions and tasks (runtime/trace.WithRegion, NewTask) of a trace, per
// goroutine, as go tool trace's summary finds them: a region begins at its
// RegionBegin and ends at the RegionEnd that pops it off its goroutine's
// stack of open regions (the innermost, whatever type the end names); an end
// without a begin is a region from the trace's start; a region still open
// when its goroutine ends ends then, and one open at the end of the trace
// ends there. A goroutine created inside a region inherits its task: it
// begins with an unnamed region of that task, ending as the others do.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

struct UserRegion {
  int64_t goroutine = kNoGoroutine;
  StringId type = 0;        // 0 (""): inherited from the creator's region, unnamed
  uint64_t task = kBackgroundTask;
  int64_t begin = 0;
  int64_t end = 0;
};

// An EventConsumer (trace/event_consumer.h).
class UserRegionTracker {
 public:
  void add(const Event& ev, const TraceTables& tables);
  void finish();

  // After finish(): every region, in the order they ended.
  const std::vector<UserRegion>& regions() const { return regions_; }
  // A task's type, as its begin or end named it (0 when neither was seen).
  StringId taskType(uint64_t task) const;

 private:
  void endAll(int64_t goroutine, int64_t at);

  std::unordered_map<int64_t, std::vector<UserRegion>> open_;  // per goroutine, innermost last
  std::unordered_map<uint64_t, StringId> taskTypes_;
  std::vector<UserRegion> regions_;
  int64_t start_ = 0, last_ = 0;
  bool started_ = false;
};

}  // namespace gotrace
