// Why each goroutine is doing what it does: for every timeline event, the
// chain of regions it works for. A chain is a linked list of nodes, innermost
// first: a node is a region of this goroutine, or a mark that another
// goroutine woke this one (created or unblocked it) while working for the
// node's parent. Following create and unblock edges links a DNS lookup to
// the dial that needed it, the dial to the outbound request, and that to the
// inbound request it serves.
#pragma once

#include <cstdint>
#include <vector>

#include "gotrace/analysis/regions/region_set.h"

namespace gotrace {

constexpr uint32_t kNoNode = UINT32_MAX;
constexpr uint32_t kNoRegion = UINT32_MAX;

struct CauseNode {
  uint32_t start = kNoEvent;    // the event where this explanation began
  uint32_t region = kNoRegion;  // a region of the start's goroutine, or kNoRegion: woken for `parent`
  uint32_t parent = kNoNode;
};

class RegionCauses {
 public:
  // Walks the timelines in trace order. `regions` must outlive the result.
  static RegionCauses link(const RegionSet& regions);

  // The chain current on the event's goroutine right after the event.
  uint32_t at(uint32_t event) const { return at_[event]; }
  const CauseNode& node(uint32_t n) const { return nodes_[n]; }
  size_t nodeCount() const { return nodes_.size(); }
  const RegionSet& regions() const { return *regions_; }
  const Region& region(uint32_t n) const { return regions_->regions()[nodes_[n].region]; }
  // The node made when region `r` (an index into regions().regions()) began.
  uint32_t nodeOfRegion(uint32_t r) const { return regionNode_[r]; }
  bool contains(uint32_t chain, uint32_t n) const {
    for (; chain != kNoNode; chain = nodes_[chain].parent) {
      if (chain == n) return true;
    }
    return false;
  }

 private:
  class Linker;
  std::vector<CauseNode> nodes_;
  std::vector<uint32_t> at_;
  std::vector<uint32_t> regionNode_;
  const RegionSet* regions_ = nullptr;
};

}  // namespace gotrace
