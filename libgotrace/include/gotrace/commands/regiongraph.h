// regiongraph's engine: find regions in a trace, link their causes, and write
// one of the outputs.
#pragma once

#include <optional>

#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

enum class RegionGraphOutput {
  Counts,   // `KIND COUNT` per recognized kind (the default)
  Chains,   // every distinct chain, root first
  Pairs,    // every distinct (parent, child) link, and (<nil>, root)
  Regions,  // every region
  Json,     // one span tree per top-level region
  Summary,  // one tree summary per top-level region
};

// A damaged trace is analyzed up to the damage; the reading error is
// returned after the output is written.
std::optional<Error> writeRegionGraph(TraceReader& reader, const RegionPatterns& patterns, RegionGraphOutput output,
                                      OutputBuffer& out);

}  // namespace gotrace
