// unstoppable: why stop-the-world pauses took long, from the CPU samples a
// trace carries (analysis/stw_phases.h): a line per pause, the samples'
// stacks, and a pprof profile of them.
#pragma once

#include <cstdint>
#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct UnstoppableOptions {
  std::string input;         // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  std::string profile;       // write the attributed samples as a pprof profile here
  bool printStw = true;      // a line per pause
  bool printStacks = false;  // every attributed sample with its stack
  int64_t graceNs = 0;       // leave out samples earlier than this into their phase
};

int runUnstoppable(const UnstoppableOptions& options, cli::Console& console);

}  // namespace gotrace::commands
