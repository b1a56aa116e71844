// etmmu's text and JSON lines: an MMU curve (analysis/mmu_curve.h), a line
// per window.
#pragma once

#include <string>
#include <vector>

#include "gotrace/analysis/mmu_curve.h"

namespace gotrace {

// `window mmu` then a line per point: the window as a Go duration, the
// utilization with 4 decimals (`      1.5ms 0.3716`).
std::string mmuText(const std::vector<MmuPoint>& points);
// A JSON object per line: {"window_ns":1000000,"mmu":0.08416} (the shortest
// decimal that reads back as the same double).
std::string mmuJsonLines(const std::vector<MmuPoint>& points);

}  // namespace gotrace
