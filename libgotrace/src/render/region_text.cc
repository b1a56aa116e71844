#include "gotrace/render/region_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <vector>

namespace gotrace {

std::string regionLabel(const RegionSet& regions, const Region& r, bool handler) {
  const GoroutineTimelines& t = regions.timelines();
  const std::string_view h = handler ? serverHandler(regions, r) : std::string_view();
  return fmt::format("{}(g={}@{}-{}{}{})", regions.kind(r), t.goroutineId(r.g), t.event(r.first).time - t.traceStart(),
                     t.event(r.last).time - t.traceStart(), h.empty() ? "" : " handler=", h);
}

std::string nodeLabel(const RegionCauses& causes, uint32_t node) {
  if (node == kNoNode) return "<nil>";
  const CauseNode& n = causes.node(node);
  if (n.region != kNoRegion) return regionLabel(causes.regions(), causes.region(node));
  const GoroutineTimelines& t = causes.regions().timelines();
  const TimelineEvent& start = t.event(n.start);
  return fmt::format("{}(g={}@{})", t.tables().strings.view(t.rootFunction(start.g)), t.goroutineId(start.g),
                     start.time - t.traceStart());
}

std::string chainText(const RegionCauses& causes, uint32_t node) {
  std::vector<uint32_t> path;
  for (uint32_t n = node; n != kNoNode; n = causes.node(n).parent) path.push_back(n);
  std::string out;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (!out.empty()) out += ' ';
    out += nodeLabel(causes, *it);
  }
  return out;
}

CappedChainText::CappedChainText(const RegionCauses& causes, size_t maxNodes)
    : causes_(causes), head_(std::max<size_t>(maxNodes / 2, 1)), tail_(std::max<size_t>(maxNodes - maxNodes / 2, 1)) {
  // Nodes are made after their parents: one pass in index order.
  const size_t n = causes.nodeCount();
  depth_.resize(n);
  anchor_.resize(n);
  for (uint32_t i = 0; i < n; i++) {
    const uint32_t p = causes.node(i).parent;
    depth_[i] = p == kNoNode ? 1 : depth_[p] + 1;
    anchor_[i] = depth_[i] == head_ ? i : depth_[i] < head_ ? kNoNode : anchor_[p];
  }
}

std::string CappedChainText::operator()(uint32_t node) const {
  if (node == kNoNode || depth_[node] <= head_ + tail_) return chainText(causes_, node);
  std::vector<uint32_t> tail;
  uint32_t n = node;
  for (size_t i = 0; i < tail_; i++, n = causes_.node(n).parent) tail.push_back(n);
  std::string out = chainText(causes_, anchor_[node]);
  fmt::format_to(std::back_inserter(out), " ...({} more)...", depth_[node] - head_ - tail_);
  for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
    out += ' ';
    out += nodeLabel(causes_, *it);
  }
  return out;
}

}  // namespace gotrace
