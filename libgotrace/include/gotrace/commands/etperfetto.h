// etperfetto: a trace as a timeline per goroutine (render/timeline_export.h)
// in Perfetto's protobuf format or the Trace Event Format (JSON).
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "gotrace/cli/console.h"

namespace gotrace::commands {

struct EtperfettoOptions {
  std::string input;           // the trace ("-": stdin)
  std::string output;          // "" or "-": stdout; a name ending in .gz is gzip-compressed
  std::string format = "proto";  // proto (Perfetto) or json (Trace Event Format)
  bool stacks = true;          // call stacks as nested slices
  std::string goroutines;      // only goroutines whose start function matches this regexp
  int64_t startNs = 0;         // leave out what ends before this (from the trace's start)
  int64_t endNs = std::numeric_limits<int64_t>::max();  // leave out what begins after this
};

// A damaged trace: to stdout, the timeline up to the damage then the error;
// to a file, no file.
int runEtperfetto(const EtperfettoOptions& options, cli::Console& console);

}  // namespace gotrace::commands
