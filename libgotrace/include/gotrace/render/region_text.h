// The text forms of regions and chain nodes (regiongraph -show-regions,
// -show-chains, -show-pairs): `kind(g=G@START-END)`, times in nanoseconds
// since the trace's first event.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gotrace/analysis/regions/region_causes.h"

namespace gotrace {

// `kind(g=G@FIRST-LAST)`; with `handler`, `kind(g=G@FIRST-LAST handler=H)`
// for server regions that have one (region_set.h: serverHandler).
std::string regionLabel(const RegionSet& regions, const Region& r, bool handler = false);
// A region node as regionLabel; a wake node as `rootFunction(g=G@START)`;
// kNoNode as `<nil>`.
std::string nodeLabel(const RegionCauses& causes, uint32_t node);
// The chain from its root to `node`, labels separated by spaces.
std::string chainText(const RegionCauses& causes, uint32_t node);

// Chain texts with a cap, each in time independent of the chain's depth
// (regiongraph -show-chains over creation chains tens of thousands deep): a
// chain of more than `maxNodes` nodes prints its first maxNodes/2 nodes from
// the root, `...(N more)...`, and its last nodes up to `node`.
class CappedChainText {
 public:
  explicit CappedChainText(const RegionCauses& causes, size_t maxNodes = 64);
  std::string operator()(uint32_t node) const;

 private:
  const RegionCauses& causes_;
  size_t head_, tail_;
  std::vector<uint32_t> depth_;   // nodes from the root, the node itself included
  std::vector<uint32_t> anchor_;  // the ancestor at depth head_ (kNoNode when shallower)
};

}  // namespace gotrace
