// etgrep's engine: print a trace's events one per line (Go's format),
// filtered by goroutine, timestamp, event kind and stack shape.
#pragma once

#include <cstdint>

#include "gotrace/analysis/match/event_match.h"
#include "gotrace/io/output.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

struct GrepOptions {
  enum class Sort { Time, Goroutine };
  enum class Format {
    Line,    // the first line of each event, as `go tool trace -d=parsed`
    Parsed,  // each event in full, with stacks, as `go tool trace -d=parsed`
  };

  bool stacks = false;     // after each event, its stack frames (toolbox style)
  int64_t goroutine = 0;   // 0 = any
  int64_t time = 0;        // 0 = any
  Sort sort = Sort::Time;
  Format format = Format::Line;
  EventMatcher match;
};

// The goroutine an event belongs to for filtering and grouping: the running
// goroutine, or for a transition of a goroutine without one, that goroutine.
int64_t eventGoroutine(const Event& ev);

// Writes the selected events to `out`. When the trace is damaged, everything
// before the damage is written (and flushed) before the Error propagates.
void grepEvents(TraceReader& reader, const GrepOptions& options, OutputBuffer& out);

// etgrep -stacks: one line per frame, leaf first: "  <pc hex> <func> <file>:<line>".
void appendStackLines(std::string& out, StackId stack, const TraceTables& tables);

}  // namespace gotrace
