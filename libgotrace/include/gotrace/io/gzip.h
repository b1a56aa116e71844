// gzip (zlib), for pprof profiles.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gotrace {

bool isGzip(std::span<const uint8_t> data);

// Inflates a gzip stream. Throws Error for corrupt or truncated data, or
// when the output would exceed `limit` bytes.
std::vector<uint8_t> gunzip(std::span<const uint8_t> data, size_t limit = size_t(1) << 30);

// Deflates `data` into one gzip member.
std::vector<uint8_t> gzip(std::span<const uint8_t> data);

}  // namespace gotrace
