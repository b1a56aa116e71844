// etmmu: minimum mutator utilization of a trace, as go tool trace's MMU page.
#pragma once

#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtmmuOptions {
  std::string input;  // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  // What counts against the mutator: a comma-separated subset of
  // stw,background,assist,sweep ("" counts nothing).
  std::string count = "stw,background,assist,sweep";
  bool perProc = false;  // each proc's utilization instead of the aggregate
  // Comma-separated Go durations ("100us,1ms"); "" for ten per decade from
  // 1µs to the trace's length.
  std::string windows;
  bool json = false;  // JSON lines instead of text
  std::string svg;    // also draw the curve here ("-": stdout, instead of text)
};

int runEtmmu(const EtmmuOptions& options, cli::Console& console);

}  // namespace gotrace::commands
