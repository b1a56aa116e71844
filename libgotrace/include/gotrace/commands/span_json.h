// regiongraph's JSON: span trees and their summaries, one compact object
// per line, in the field order and conventions of the original regiongraph
// (Go's encoding/json): empty lists that were never filled are null, maps
// are objects with sorted keys. etviz reads it back (span_json_reader.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gotrace/analysis/regions/span_tree.h"

namespace gotrace::commands {

// {"G":..,"Kind":..,"StartNs":..,"LengthNs":..,"StartRun":[..],"StartAssist":{..},"StartWait":{..},"Caused":[..]}
void appendSpanJson(std::string& out, const Span& span);
// {"LengthNs":..,"TotalRunNs":..,"TotalAssistNs":{..},"FlatRunNs":..,"FlatAssistNs":{..},"FlatWaitNs":{..},"Flat":{..},"Root":{..}}
void appendTreeSummaryJson(std::string& out, const TreeSummary& summary, const Span& root);

}  // namespace gotrace::commands
