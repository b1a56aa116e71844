// etmmu's picture: the MMU curve, window length on a log scale (decades
// marked) across, utilization 0..1 up, a dot per window with its values on
// hover.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gotrace/analysis/mmu_curve.h"

namespace gotrace {

namespace mmuchart {
constexpr int kPlotWidth = 800;   // px from the shortest to the longest window
constexpr int kPlotHeight = 300;  // px from utilization 0 to 1
constexpr int kLeft = 50;         // margin for the utilization axis
constexpr int kTop = 40;          // title
constexpr int kBottom = 40;       // window axis
constexpr int kImageWidth = kLeft + kPlotWidth + 20;
constexpr int kImageHeight = kTop + kPlotHeight + kBottom;
}  // namespace mmuchart

// The SVG, titled `title`. Throws Error when there are no points; windows
// must be positive.
std::string renderMmuChartSvg(const std::vector<MmuPoint>& points, std::string_view title);

}  // namespace gotrace
