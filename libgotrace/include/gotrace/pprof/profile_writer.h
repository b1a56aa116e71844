// Writing pprof profiles as runtime/pprof does: gzip-compressed profile.proto.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gotrace/pprof/profile.h"

namespace gotrace::pprof {

// The profile as runtime/pprof writes it: gzip-compressed profile.proto.
// Ids of functions, mappings and locations must be set (non-zero); sample
// locations are leaf first.
std::vector<uint8_t> encodeProfile(const Profile& profile);

}  // namespace gotrace::pprof
