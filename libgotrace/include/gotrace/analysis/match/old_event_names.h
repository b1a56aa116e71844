// The event names of v1 traces (Go 1.11-1.21: GoBlockSync, GoCreate, ...),
// which the original toolbox's -match once took, each meaning the events of
// the one event model it became. They select the same events in v1 and v2
// traces alike: GoBlockSync is a goroutine's Running->Waiting transition
// with the reason "sync", whichever format recorded it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

struct OldEventName {
  std::string_view name;     // the v1 name
  std::string_view meaning;  // what it selects in the model, for -h and errors
  bool (*selects)(const Event& ev, const TraceTables& tables);
};

// Every v1 name with a counterpart in the model, in v1's order.
std::span<const OldEventName> oldEventNames();

// The entry for `name`, if it is one.
const OldEventName* findOldEventName(std::string_view name);

// v1 names that have no event in the model (the parser consumes them:
// Batch, Frequency, Stack, String, TimerGoroutine, FutileWakeup, None).
bool isConsumedOldEventName(std::string_view name);

// "  GoBlockSync         StateTransition Running->Waiting, reason "sync"\n"...
std::string oldEventNamesTable(std::string_view indent);

}  // namespace gotrace
