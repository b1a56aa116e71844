// Writing grstates' goroutine graph as Graphviz DOT.
#pragma once

#include <string>

#include "gotrace/analysis/goroutines/goroutine_graph.h"

namespace gotrace {

// DOT text (examples: the first line of each event, as etgrep prints it);
// node names are "h" + the SHA-256 of the node id; each edge is labelled
// with its count (how many times goroutines took it) and its width scales
// with log(count) between 1 and 5.
std::string renderGraphDot(const GoroutineGraph& graph, const TraceTables& tables);

}  // namespace gotrace
