// Trace stacks as pprof locations: the one conversion every profile made
// from a trace (blocking profiles, scope, unstoppable) uses.
#pragma once

#include <cstdint>
#include <vector>

#include "gotrace/pprof/profile_builder.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// The locations of `stack`'s frames, leaf first, interned in `profile`
// (function, file, line and PC of each frame); none for kNoStack.
std::vector<uint32_t> stackLocations(pprof::ProfileBuilder& profile, StackId stack, const TraceTables& tables);

}  // namespace gotrace
