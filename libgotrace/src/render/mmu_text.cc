#include "gotrace/render/mmu_text.h"

#include <fmt/format.h>

#include "gotrace/base/go_duration.h"

namespace gotrace {

std::string mmuText(const std::vector<MmuPoint>& points) {
  std::string out = fmt::format("{:>12} {}\n", "window", "mmu");
  for (const MmuPoint& p : points) fmt::format_to(std::back_inserter(out), "{:>12} {:.4f}\n", formatGoDuration(p.windowNs), p.mmu);
  return out;
}

std::string mmuJsonLines(const std::vector<MmuPoint>& points) {
  std::string out;
  for (const MmuPoint& p : points) fmt::format_to(std::back_inserter(out), "{{\"window_ns\":{},\"mmu\":{}}}\n", p.windowNs, p.mmu);
  return out;
}

}  // namespace gotrace
