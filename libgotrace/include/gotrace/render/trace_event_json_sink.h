// The Trace Event Format (chrome://tracing, Perfetto's JSON importer):
// {"traceEvents":[...]}, B/E, i, C, M events and s/f flow events, times in µs.
#pragma once

#include <memory>

#include "gotrace/io/output.h"
#include "gotrace/render/timeline_sink.h"

namespace gotrace {

std::unique_ptr<TimelineSink> makeTraceEventJsonSink(OutputBuffer& out);

}  // namespace gotrace
