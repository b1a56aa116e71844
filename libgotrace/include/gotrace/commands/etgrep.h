// etgrep: print a trace's events one per line (Go's format), filtered by
// goroutine, timestamp, event kind and stack shape; or a summary of the
// whole trace as JSON.
#pragma once

#include <cstdint>
#include <string>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct EtgrepOptions {
  std::string input;       // the trace ("-": stdin)
  ReadOptions read;   // threads and time window
  bool stacks = false;     // after each event, its stack frames (toolbox style)
  int64_t goroutine = 0;   // 0: any; else the events about it (eventConcernsGoroutine)
  int64_t time = 0;        // 0: any
  std::string sort = "time";  // time: trace order; goroutine: grouped by goroutine
  std::string match;       // an event kind and stack pattern (analysis/match/event_match.h)
  bool summary = false;    // a JSON summary of the whole trace instead of events
  bool parsed = false;     // each event in full, with stacks, as `go tool trace -d=parsed`
};

// The -match language for -h: kinds, stack patterns, and the v1 event
// names with the model events each selects.
std::string etgrepMatchHelp();

// A damaged trace: everything before the damage is written, then the error.
int runEtgrep(const EtgrepOptions& options, cli::Console& console);

// The goroutine an event belongs to for filtering and grouping: the running
// goroutine, or for a transition of a goroutine without one, that goroutine.
int64_t eventGoroutine(const Event& ev);

// etgrep -goroutine=N: the events goroutine `g` runs, and those other
// goroutines emit about it (its creation, the unblock that woke it, with the
// waker's stack), labels given to it and ranges scoped to it.
bool eventConcernsGoroutine(const Event& ev, int64_t g);

// etgrep -stacks: one line per frame, leaf first: "  <pc hex> <func> <file>:<line>".
void appendStackLines(std::string& out, StackId stack, const TraceTables& tables);

}  // namespace gotrace::commands
