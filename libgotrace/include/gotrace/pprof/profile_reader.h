// Reading pprof profiles: gzip-compressed or plain profile.proto, or a count
// profile's debug=1 text.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gotrace/pprof/profile.h"

namespace gotrace::pprof {

// The largest profile read by default, uncompressed: 64 MiB (a big service's
// heap profile is a few MiB; a 200 KB gzip bomb inflates to 200 MB).
constexpr uint64_t kDefaultMaxProfileBytes = uint64_t(64) << 20;

// Parses a profile: gzip-compressed or plain protobuf, or a count profile's
// debug=1 text ("goroutine profile: total N"). Throws Error (with the byte
// offset where known) for anything else, and for a profile larger than
// `maxBytes` uncompressed.
Profile parseProfile(std::span<const uint8_t> data, uint64_t maxBytes = kDefaultMaxProfileBytes);

}  // namespace gotrace::pprof
