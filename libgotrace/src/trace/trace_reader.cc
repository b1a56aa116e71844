#include <fmt/format.h>

#include "gotrace/error.h"
#include "gotrace/trace.h"
#include "trace/v2/v2_reader.h"

namespace gotrace {

std::unique_ptr<TraceReader> TraceReader::open(Input input) {
  const std::string name = input.name();
  try {
    auto header = input.read(kTraceHeaderSize);
    TraceVersion version = parseTraceHeader(header);
    if (version.format == TraceFormat::V2) return std::make_unique<v2::V2Reader>(std::move(input), version);
    throw Error(fmt::format("Go 1.{} traces (v1 format, Go 1.11-1.21) are not supported yet", version.minor), 0);
  } catch (Error& e) {
    e.setFile(name);
    throw;
  }
}

}  // namespace gotrace
