// Cutting a v2 trace: the whole generations that overlap a time window, as
// one byte range of the trace. Each generation is self-contained (its own
// strings, stacks, frequency and the status of everything it mentions), so
// the trace's header followed by those bytes is a trace of its own, which
// Go's parser and ours read. v1 traces have no such parts.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "gotrace/trace/trace_header.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

struct TraceCut {
  TraceVersion version;
  // The generations overlapping the window, adjacent in the file: from the
  // first one's first batch to the last one's end (its end-of-generation
  // marker in Go 1.26 traces).
  ByteRange bytes;
  uint64_t firstGeneration = 0;  // ordinals: 1 for the trace's first generation
  uint64_t lastGeneration = 0;
  // Nanoseconds from the trace's first event (window times' base): the
  // start of the first cut generation (where times in the cut count from),
  // and the first and last event of the cut generations.
  int64_t startNs = 0;
  int64_t firstEventNs = 0;
  int64_t lastEventNs = 0;
};

// Finds the generations of the trace `bytes` (header included) that overlap
// the window of `window` (startNs, endNs; its threads are used too): the
// generation in which the window starts through the one in which it ends.
// They are read and ordered, so damage in them is found before anything is
// written. Throws Error (naming `name`) for a v1 trace, for damage up to
// the window's end, and for a window that starts after the trace's last
// event.
TraceCut findTraceCut(std::span<const uint8_t> bytes, const std::string& name, const ReadOptions& window);

}  // namespace gotrace
