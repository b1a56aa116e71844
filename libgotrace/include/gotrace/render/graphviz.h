// Turning DOT into an SVG that pans and zooms in a browser, with Graphviz's
// `dot`.
#pragma once

#include <string>

namespace gotrace {

// Runs Graphviz `dot -Tsvg` on `dot` and prepares the result for a browser
// (scales to the window; mouse wheel zooms, dragging pans). Throws Error
// naming the fix when `dot` is missing, or with dot's own message when it fails.
std::string dotToSvg(const std::string& dot);

// The browser preparation on its own (for tests): an SVG as dot writes it.
std::string makeSvgPannable(std::string svg);

}  // namespace gotrace
