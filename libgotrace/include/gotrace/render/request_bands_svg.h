// etviz's picture (after Richard L. Sites, "Understanding Software
// Dynamics"): every request as a horizontal band coloured by what its
// goroutines were doing, drawn twice: at its real start time (arrival rate,
// concurrency), then all starting at zero (durations compared).
//
// Colours: running black, runnable (waiting for a CPU) grey, GC assist
// chartreuse, network wait yellow, any other blocking magenta. A band shows
// a tree's flat summary (span_tree.h: on-CPU time first, then assists, then
// waits in priority order), or with `details` one band per span.
//
// Geometry: the time axis is 1000 px wide. A range from offset o lasting l
// (ns from the section's origin, over the section's width in ns W) covers
// pixels floor(1000 o / W) up to floor(1000 (o + l) / W), at least one pixel
// for a band's outline and for running; later colours paint over earlier
// ones in the order outline, running, assists, waits. Each band is painted
// into a row of 1000 pixels and written as one rectangle per run of equal
// colour, so any number of sub-pixel spans costs a few rectangles.
#pragma once

#include <string>
#include <vector>

#include "gotrace/analysis/regions/span_tree.h"

namespace gotrace {

struct RequestBandsOptions {
  bool details = false;  // one band per span of each tree, not one per tree
};

// The trees to draw: those whose root kind matches `kindPattern` (RE2,
// unanchored); with an empty pattern, the server/http trees if there are
// any, else all. Spans of the HTTP server's background reader are left out
// (with what they caused). Throws Error when nothing is left.
std::vector<Span> selectRequestTrees(std::vector<Span> trees, const std::string& kindPattern);

// The SVG, trees in order of start time.
std::string renderRequestBandsSvg(std::vector<Span> trees, const RequestBandsOptions& options);

// Layout constants, for tests and for reading the picture back.
namespace bands {
constexpr int kAxisWidth = 1000;     // px for the time axis
constexpr int kLeft = 10;            // left margin
constexpr int kImageWidth = kAxisWidth + 2 * kLeft;
constexpr int kBar = 5;              // band height
constexpr int kTreeGap = 2;          // separator between trees (details)
constexpr int kHeader = 34;          // title and legend
constexpr int kSectionHead = 30;     // section title and time axis
constexpr int kSectionGap = 16;      // between the sections
constexpr int kBottom = 10;

// Where a section's bands begin (y), given the height of one section's bands.
constexpr int bandsTop(int section, int bandsHeight) {
  return kHeader + kSectionHead + section * (bandsHeight + kSectionGap + kSectionHead);
}
}  // namespace bands

}  // namespace gotrace
