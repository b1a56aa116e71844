// scope_chart's picture: the oscilloscope screen. One lane per distinct
// stack (sorted frame by frame, root first), a translucent mark for every
// sample at its relative position in its region, 0% at the left and 100% at
// the right of an 800 px wide screen; where marks pile up, the code spent
// that part of the region there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gotrace {

// A sample to draw (commands/scope_lines.h reads them from scope's output).
struct ScopeSample {
  double frac = 0;                  // position in the region, 0..1
  std::vector<std::string> stack;   // root first, runtime.goexit left out
};

// The SVG. Throws Error when there are no samples.
std::string renderScopeChartSvg(const std::vector<ScopeSample>& samples);

namespace scopechart {
constexpr int kScreen = 800;  // px from 0% to 100%
constexpr int kLeft = 5;      // margin
constexpr int kLane = 30;     // lane height
constexpr int kMark = 16;     // mark size
constexpr int kTop = 40;      // title and axis above the lanes
constexpr int kImageWidth = kScreen + 2 * kLeft + 5;
}  // namespace scopechart

}  // namespace gotrace
