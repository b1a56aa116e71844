// Span trees and their summaries as JSON, one compact object per line, in
// the field order and conventions of the original regiongraph (Go's
// encoding/json): empty lists that were never filled are null, maps are
// objects with sorted keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gotrace/analysis/regions/span_tree.h"

namespace gotrace {

// {"G":..,"Kind":..,"StartNs":..,"LengthNs":..,"StartRun":[..],"StartAssist":{..},"StartWait":{..},"Caused":[..]}
void appendSpanJson(std::string& out, const Span& span);
// {"LengthNs":..,"TotalRunNs":..,"TotalAssistNs":{..},"FlatRunNs":..,"FlatAssistNs":{..},"FlatWaitNs":{..},"Flat":{..},"Root":{..}}
void appendTreeSummaryJson(std::string& out, const TreeSummary& summary, const Span& root);

// Reads concatenated JSON values, each a span tree (-json) or a tree summary
// (-summarize, whose Root is taken), and returns the span trees in input
// order. Throws Error (with the byte offset of the bad value) for invalid
// JSON or an object that is neither.
std::vector<Span> readSpanTreesJson(std::string_view text);

}  // namespace gotrace
