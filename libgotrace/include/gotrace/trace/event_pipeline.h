// Reading a trace on one core and using its events on another: the reader
// thread fills batches of events, a second thread consumes them in order.
// For consumers that need no strings or stacks while they run (the reader
// keeps adding to its tables): counting, summarizing.
#pragma once

#include <functional>
#include <span>

#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// Hands every event of `reader` to `consume`, in order, in batches, on a
// second thread. Returns when all are consumed; a reader error is rethrown
// after every event before it was consumed.
void pipeEvents(TraceReader& reader, const std::function<void(std::span<const Event>)>& consume);

}  // namespace gotrace
