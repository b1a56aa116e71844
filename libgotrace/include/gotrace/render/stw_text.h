// unstoppable's text: its stop-the-world pauses (analysis/stw_phases.h),
// a line each, and the stacks of their attributed samples.
#pragma once

#include <cstdint>
#include <string>

#include "gotrace/analysis/stw_phases.h"

namespace gotrace {

// unstoppable's line for a pause: `STW @0.185s GC mark termination:
// 1.52+0.179+0 ms clock, 1 samples` (pre-stop + stopped + post-stop), then
// the goroutines that CPU samples caught running while the world waited to
// stop.
std::string stwSummaryLine(const StwPause& pause, int64_t traceStart);
// The attributed samples: `pre-stop +1516µs g=239`, then one line per frame,
// leaf first: `  function file:line 0xPC`.
void appendStwStacks(std::string& out, const StwPause& pause, const TraceTables& tables);

}  // namespace gotrace
