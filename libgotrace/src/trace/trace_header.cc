// "go 1.N trace" header detection.
#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/trace/trace_header.h"

namespace gotrace {

std::string TraceVersion::header() const { return fmt::format("go 1.{} trace", minor); }

TraceVersion parseTraceHeader(std::span<const uint8_t> header) {
  const Error notATrace("bad file format: not a Go execution trace?", 0);
  std::string_view text(reinterpret_cast<const char*>(header.data()), header.size());
  constexpr std::string_view kPrefix = "go 1.";
  if (header.size() < kTraceHeaderSize || !text.starts_with(kPrefix)) throw notATrace;
  size_t pos = kPrefix.size();
  int minor = 0;
  size_t digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 3) {
    minor = minor * 10 + (text[pos] - '0');
    pos++;
    digits++;
  }
  constexpr std::string_view kSuffix = " trace";
  if (digits == 0 || text.substr(pos, kSuffix.size()) != kSuffix) throw notATrace;
  for (size_t i = pos + kSuffix.size(); i < kTraceHeaderSize; i++) {
    if (text[i] != '\0') throw notATrace;
  }
  switch (minor) {
    case 5: case 7: case 8: case 9: case 10:
      throw Error(fmt::format("unsupported: Go 1.{} traces (before Go 1.11)", minor), 0);
    case 11: case 19: case 21:
      return TraceVersion{minor, TraceFormat::V1};
    case 22: case 23: case 25: case 26:
      return TraceVersion{minor, TraceFormat::V2};
    default:
      throw Error(fmt::format("unknown or unsupported trace version go 1.{}", minor), 0);
  }
}

}  // namespace gotrace
