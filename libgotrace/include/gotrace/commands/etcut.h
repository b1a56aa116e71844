// etcut: the whole generations of a v2 trace that overlap a time window,
// written as a trace of their own (trace/trace_cut.h finds them).
#pragma once

#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtcutOptions {
  std::string input;   // the trace ("-": stdin, read whole into memory)
  ReadOptions read;    // the window (-start, -end) and threads
  std::string output;  // the cut trace ("" or "-": stdout)
};

// Writes the trace's header and the bytes of the generations overlapping
// the window, verbatim, and says on standard error which part of the trace
// that is (times in the cut count from its own first event). Nothing is
// written when the trace is v1, damaged before the window's end, or the
// window starts after its end (Error).
int runEtcut(const EtcutOptions& options, cli::Console& console);

}  // namespace gotrace::commands
