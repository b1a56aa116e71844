// grstates: the state machines a program's goroutines run through, as a
// graph (Graphviz DOT, or SVG drawn by graphviz's dot).
#pragma once

#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct GrstatesOptions {
  std::string input;  // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  std::string dot;    // write DOT here ("-": stdout); both empty: DOT to stdout
  std::string svg;    // write SVG here ("-": stdout)
};

// A damaged trace: the graph of what precedes the damage, then the error.
int runGrstates(const GrstatesOptions& options, cli::Console& console);

}  // namespace gotrace::commands
