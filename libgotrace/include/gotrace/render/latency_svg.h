// etlatency's SVG: one histogram per distribution (analysis/latency.h), a
// row each, on one shared logarithmic duration axis, with each row's p50
// and p99 marked.
#pragma once

#include <string>
#include <vector>

#include "gotrace/analysis/latency.h"

namespace gotrace {

// Rows are <g class="row" data-kind=".." data-name="..">; each holds one
// <rect class="bar" data-from-ns=".." data-to-ns=".." data-count=".."> per
// non-empty bucket, whose x and width follow the shared axis.
std::string latencySvg(const std::vector<LatencyDistribution>& distributions);

}  // namespace gotrace
