// etpprof: a blocking profile of a trace, as `go tool trace -pprof=KIND`.
#pragma once

#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtpprofOptions {
  std::string input;   // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  std::string kind;    // net, sync, syscall or sched
  std::string output;  // the profile's file ("" or "-": stdout)
};

int runEtpprof(const EtpprofOptions& options, cli::Console& console);

}  // namespace gotrace::commands
