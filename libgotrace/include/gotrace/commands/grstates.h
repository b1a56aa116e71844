// grstates: the state machines a program's goroutines run through, as a
// graph (Graphviz DOT, or SVG drawn by graphviz's dot).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct GrstatesOptions {
  std::string input;  // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  std::string dot;    // write DOT here ("-": stdout); both empty: DOT to stdout
  std::string svg;    // write SVG here ("-": stdout)
  std::string goroutines;  // only goroutines whose start function matches this regexp
  // Leave out edges taken fewer times (and nodes left without edges); -1:
  // only when the graph is too big for graphviz, said on stderr.
  int64_t minCount = -1;
  // Graphviz's dot takes minutes past a few thousand edges: without
  // -min-count, a graph with more edges than this is pruned to fit.
  size_t maxEdges = 2000;
};

// A damaged trace: the graph of what precedes the damage, then the error.
int runGrstates(const GrstatesOptions& options, cli::Console& console);

}  // namespace gotrace::commands
