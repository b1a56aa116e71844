// Reading regiongraph's JSON (span_json.h) back, for etviz.
#pragma once

#include <string_view>
#include <vector>

#include "gotrace/analysis/regions/span_tree.h"

namespace gotrace::commands {

// Reads concatenated JSON values, each a span tree (-json) or a tree summary
// (-summarize, whose Root is taken), or regiongraph -flat output (span lines
// with id and parent, or summaries whose tree is in "Spans"), and returns the span trees in input
// order. Throws Error (with the byte offset of the bad value) for invalid
// JSON or an object that is neither.
std::vector<Span> readSpanTreesJson(std::string_view text);

}  // namespace gotrace::commands
