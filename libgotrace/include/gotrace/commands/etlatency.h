// etlatency: how long things take, as distributions (analysis/latency.h):
// text, JSON lines or an SVG of histograms.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtlatencyOptions {
  std::string input;  // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  // Comma-separated kinds: task, region, inferred, stw, gc, sched; empty: all.
  std::string kinds;
  bool json = false;   // JSON lines instead of text
  std::string svg;     // write the SVG here instead ("-": stdout)
  size_t slowest = 0;  // list this many slowest instances per distribution
  std::vector<std::string> patternFiles;  // region patterns added to the built-ins (inferred)
  bool builtinPatterns = true;
};

// A damaged trace: the distributions of what precedes the damage, then the
// error.
int runEtlatency(const EtlatencyOptions& options, cli::Console& console);

}  // namespace gotrace::commands
