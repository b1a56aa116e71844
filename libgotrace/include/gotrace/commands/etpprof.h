// etpprof: a pprof profile of a trace: blocking profiles as `go tool trace
// -pprof=KIND` makes them, or the trace's CPU samples, each optionally
// narrowed to the time inside one kind of region or task.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtpprofOptions {
  std::string input;   // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  std::string kind;    // net, sync, syscall, sched or cpu
  std::string output;  // the profile's file ("" or "-": stdout)
  // Only time (or samples) inside regions of this kind: a user region type
  // or an inferred (regiongraph) kind.
  std::string region;
  std::string task;  // only inside user regions of tasks of this type
  std::vector<std::string> patternFiles;  // more region patterns (regiongraph's)
  bool builtinPatterns = true;
  int64_t periodNs = 0;  // -kind=cpu: the sampling period (0: the profiler's default, 10ms)
};

int runEtpprof(const EtpprofOptions& options, cli::Console& console);

}  // namespace gotrace::commands
