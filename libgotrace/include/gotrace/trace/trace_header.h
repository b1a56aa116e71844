// The 16-byte header of a Go execution trace ("go 1.N trace"): which
// format and version follow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace gotrace {

enum class TraceFormat : uint8_t { V1, V2 };

struct TraceVersion {
  int minor = 0;            // the N of "go 1.N trace"
  TraceFormat format = TraceFormat::V2;
  std::string header() const;  // "go 1.N trace"
};

constexpr size_t kTraceHeaderSize = 16;

// Parses the 16-byte header. Throws Error for files that are not traces and
// for versions this library cannot read.
TraceVersion parseTraceHeader(std::span<const uint8_t> header);

}  // namespace gotrace
