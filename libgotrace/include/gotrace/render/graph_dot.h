// Writing grstates' goroutine graph as Graphviz DOT.
#pragma once

#include <string>

#include "gotrace/analysis/goroutines/goroutine_graph.h"

namespace gotrace {

// DOT text (examples: the first line of each event, as etgrep prints it); node names are "h" + the SHA-256 of the node id, edge widths
// scale with log(weight) between 1 and 5.
std::string renderGraphDot(const GoroutineGraph& graph, const TraceTables& tables);

}  // namespace gotrace
