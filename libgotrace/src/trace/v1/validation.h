// Go's consistency pass over an ordered v1 trace (procs start before they
// stop, goroutines run before they block, GC/STW/sweep ranges pair up,
// regions nest...). It also settles what later conversion needs to know
// ahead: which syscalls block, which unblocks come from the network poller.
#pragma once

#include <vector>

#include "v1/ordering.h"
#include "v1/trace_data.h"

namespace gotrace::v1 {

// Throws Error with Go's message at the first inconsistency.
void validateOrder(TraceData& t, std::vector<OrderedEvent>& order);

// Go's text form of a v1 event: "<ts> <Name> p=<p> g=<g> stk=<stack> <arg>=<v>...".
std::string describeEvent(const Event& ev);

}  // namespace gotrace::v1
