// The -match flag of the toolbox: an event kind (or Any) and a stack pattern,
// written `StateTransition "^net/http...conn..serve$" "**"`. The kind may
// also be a v1 event name (GoBlockSync, GoCreate, ...: old_event_names.h),
// selecting the model events it became, in v1 and v2 traces alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/analysis/match/old_event_names.h"
#include "gotrace/analysis/match/stack_match.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

class EventMatcher {
 public:
  EventMatcher() = default;
  // Parses a -match value. Throws Error with the flag's messages.
  static EventMatcher parse(std::string_view text);

  // "Any" with no stack specs selects everything.
  bool selectsAll() const { return !kind_ && !old_ && pattern_.specs().empty(); }
  // Results are remembered per stack of `tables`: use one matcher per trace.
  bool matches(const Event& ev, const TraceTables& tables) const;

  // The flag value printed back: `Kind "spec" ...`, or `Kind **` without specs.
  std::string toString() const;

 private:
  std::optional<EventKind> kind_;  // empty = Any (or old_)
  const OldEventName* old_ = nullptr;
  StackPattern pattern_;
  mutable const TraceTables* cachedFor_ = nullptr;
  mutable std::vector<int8_t> stackCache_;  // by stack id: -1 unknown, 0 no, 1 yes
};

}  // namespace gotrace
