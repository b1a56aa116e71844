// Writing grstates' goroutine graph as Graphviz DOT, and turning DOT into an
// SVG that pans and zooms in a browser.
#pragma once

#include <string>

#include "gotrace/goroutine_graph.h"

namespace gotrace {

// DOT text; node names are "h" + the SHA-256 of the node id, edge widths
// scale with log(weight) between 1 and 5.
std::string renderGraphDot(const GoroutineGraph& graph);

// Runs Graphviz `dot -Tsvg` on `dot` and prepares the result for a browser
// (scales to the window; mouse wheel zooms, dragging pans). Throws Error
// naming the fix when `dot` is missing, or with dot's own message when it fails.
std::string dotToSvg(const std::string& dot);

// The browser preparation on its own (for tests): an SVG as dot writes it.
std::string makeSvgPannable(std::string svg);

}  // namespace gotrace
