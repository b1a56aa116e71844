#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/trace/trace_reader.h"
#include "v1/v1_reader.h"
#include "v2/v2_reader.h"

namespace gotrace {

std::unique_ptr<TraceReader> TraceReader::open(Input input) {
  const std::string name = input.name();
  try {
    auto header = input.read(kTraceHeaderSize);
    TraceVersion version = parseTraceHeader(header);
    if (version.format == TraceFormat::V2) return std::make_unique<v2::V2Reader>(std::move(input), version);
    return std::make_unique<v1::V1Reader>(std::move(input), version);
  } catch (Error& e) {
    e.setFile(name);
    throw;
  }
}

size_t TraceReader::nextBatch(std::span<Event> out) {
  size_t n = 0;
  try {
    while (n < out.size() && next(out[n])) n++;
  } catch (const Error&) {
    if (n == 0) throw;  // the reader stays failed: the next call throws again
  }
  return n;
}

}  // namespace gotrace
