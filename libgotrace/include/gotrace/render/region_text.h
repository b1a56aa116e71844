// The text forms of regions and chain nodes (regiongraph -show-regions,
// -show-chains, -show-pairs): `kind(g=G@START-END)`, times in nanoseconds
// since the trace's first event.
#pragma once

#include <string>

#include "gotrace/analysis/regions/region_causes.h"

namespace gotrace {

// `kind(g=G@FIRST-LAST)`
std::string regionLabel(const RegionSet& regions, const Region& r);
// A region node as regionLabel; a wake node as `rootFunction(g=G@START)`;
// kNoNode as `<nil>`.
std::string nodeLabel(const RegionCauses& causes, uint32_t node);
// The chain from its root to `node`, labels separated by spaces.
std::string chainText(const RegionCauses& causes, uint32_t node);

}  // namespace gotrace
