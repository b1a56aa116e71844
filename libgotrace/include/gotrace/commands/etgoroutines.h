// etgoroutines: go tool trace's goroutine analysis (analysis/goroutines/
// goroutine_analysis.h) as text or JSON lines: one line per start function,
// the goroutines of matching functions, or one goroutine's times.
#pragma once

#include <cstdint>
#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtgoroutinesOptions {
  std::string input;     // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  std::string function;  // a line per goroutine whose start function matches this regexp
  int64_t goroutine = -1;  // the times of this goroutine (-1: none)
  bool json = false;       // JSON lines instead of text
  // Largest first by this field (the JSON field without _ns: execution,
  // sched_wait, ..., count for functions); empty: execution for functions,
  // lifetime for goroutines.
  std::string sort;
};

// A damaged trace: the analysis of what precedes the damage, then the error.
int runEtgoroutines(const EtgoroutinesOptions& options, cli::Console& console);

}  // namespace gotrace::commands
