// The region patterns regiongraph and scope run with: the built-ins and the
// -patterns files, with a note on standard error for each file that
// replaces built-in recognizers.
#pragma once

#include <string>
#include <vector>

#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/cli/console.h"

namespace gotrace::commands {

RegionPatterns loadRegionPatterns(bool builtin, const std::vector<std::string>& files, cli::Console& console);

}  // namespace gotrace::commands
