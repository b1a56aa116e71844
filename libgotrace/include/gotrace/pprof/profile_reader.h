// Reading pprof profiles: gzip-compressed or plain profile.proto, or a count
// profile's debug=1 text.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gotrace/pprof/profile.h"

namespace gotrace::pprof {

// Parses a profile: gzip-compressed or plain protobuf, or a count profile's
// debug=1 text ("goroutine profile: total N"). Throws Error (with the byte
// offset where known) for anything else.
Profile parseProfile(std::span<const uint8_t> data);

}  // namespace gotrace::pprof
