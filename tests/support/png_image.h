// Decoding the PNG screenshots Chromium writes (libpng), for render tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gotrace::testing {

struct PngImage {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgb;  // 3 bytes per pixel, rows top to bottom

  const uint8_t* at(uint32_t x, uint32_t y) const { return &rgb[(size_t(y) * width + x) * 3]; }
};

// Throws std::runtime_error for what it cannot read.
PngImage decodePng(const std::vector<uint8_t>& file);

}  // namespace gotrace::testing
