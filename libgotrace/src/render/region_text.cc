#include "gotrace/render/region_text.h"

#include <fmt/format.h>

#include <vector>

namespace gotrace {

std::string regionLabel(const RegionSet& regions, const Region& r) {
  const GoroutineTimelines& t = regions.timelines();
  return fmt::format("{}(g={}@{}-{})", regions.kind(r), t.goroutineId(r.g), t.event(r.first).time - t.traceStart(),
                     t.event(r.last).time - t.traceStart());
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

}  // namespace gotrace
