// Perfetto's trace format (TracePacket / TrackEvent protobuf, written on the
// wire; the schema subset is src/render/perfetto_trace.proto), names and
// strings interned on one packet sequence.
#pragma once

#include <memory>

#include "gotrace/io/output.h"
#include "gotrace/render/timeline_sink.h"

namespace gotrace {

std::unique_ptr<TimelineSink> makePerfettoSink(OutputBuffer& out);

}  // namespace gotrace
