// etperfetto: a trace as a timeline per goroutine (render/timeline_export.h)
// in Perfetto's protobuf format or the Trace Event Format (JSON).
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtperfettoOptions {
  std::string input;           // the trace ("-": stdin)
  std::string output;          // "" or "-": stdout; a name ending in .gz is gzip-compressed
  std::string format = "proto";  // proto (Perfetto) or json (Trace Event Format)
  // Call stacks: "true" (or "callstacks": interned, attached to each slice),
  // "slices" (nested slices, one per frame), "false" or "none".
  std::string stacks = "true";
  std::string goroutines;      // only goroutines whose start function matches this regexp
  // Threads, and the window: what ends before its start or begins after
  // its end is left out (only the generations that cover it are read).
  ReadOptions read;
};

// A damaged trace: to stdout, the timeline up to the damage then the error;
// to a file, no file.
int runEtperfetto(const EtperfettoOptions& options, cli::Console& console);

}  // namespace gotrace::commands
