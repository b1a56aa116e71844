// scope_chart's picture: the oscilloscope screen. One lane per distinct leaf
// function, program function or whole stack (ScopeLanes; lanes sorted by
// name, a stack frame by frame, root first), a translucent mark for every
// sample at its relative position in its region, 0% at the left and 100% at
// the right of an 800 px wide screen; where marks pile up, the code spent
// that part of the region there. Each lane's label is written whole above
// its marks, and the picture is made wide enough for the longest.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gotrace {

// A sample to draw (commands/scope_lines.h reads them from scope's output).
struct ScopeSample {
  double frac = 0;                  // position in the region, 0..1
  std::vector<std::string> stack;   // root first, runtime.goexit left out
};

// What a lane holds: the samples of one
enum class ScopeLanes {
  Leaf,      // innermost function (the stack's leaf frame)
  Function,  // innermost function outside the Go runtime (runtime.*, internal/runtime/*,
             // runtime/internal/*): runtime helpers counted in their caller's lane
  Stack,     // whole stack
};
// "leaf", "function", "stack"; nullopt for anything else.
std::optional<ScopeLanes> parseScopeLanes(std::string_view name);

// The SVG. Throws Error when there are no samples.
std::string renderScopeChartSvg(const std::vector<ScopeSample>& samples, ScopeLanes lanes);

namespace scopechart {
constexpr int kScreen = 800;  // px from 0% to 100%
constexpr int kLeft = 5;      // margin
constexpr int kLane = 30;     // lane height
constexpr int kMark = 16;     // mark size
constexpr int kTop = 40;      // title and axis above the lanes
constexpr int kImageWidth = kScreen + 2 * kLeft + 5;  // the least width: wider for long labels
constexpr int kLabelFont = 7;                         // px, the lane labels' font size
// A label's width is taken to be at most this many px per byte at that size
// (sans-serif averages about 0.55 em over function names' characters; this
// is 0.7 em, and a UTF-8 byte count is never below the characters').
constexpr double kLabelByteWidth = 0.7 * kLabelFont;
}  // namespace scopechart

}  // namespace gotrace
