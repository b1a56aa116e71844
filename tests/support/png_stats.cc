// png_stats: reads a PNG screenshot (as Chromium writes them) and prints
// what render tests check:
//   width height pixels nonwhite_fraction
// and with "--count RRGGBB[:TOLERANCE] [x0 y0 x1 y1]" the fraction of pixels
// of that colour (within the box when given); with "--bbox" the box around
// the non-white pixels, "x0 y0 x1 y1" (x1, y1 past the last; 0 0 0 0 when
// there are none).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "support/png_image.h"

namespace {

[[noreturn]] void die(const std::string& what) {
  std::cerr << "png_stats: " << what << "\n";
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: png_stats FILE.png [--count RRGGBB[:TOL] [x0 y0 x1 y1]]");
  std::ifstream f(argv[1], std::ios::binary);
  if (!f) die(std::string("cannot open ") + argv[1]);
  gotrace::testing::PngImage img;
  try {
    img = gotrace::testing::decodePng(std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {}));
  } catch (const std::exception& e) {
    die(e.what());
  }
  const size_t pixels = size_t(img.width) * img.height;
  if (argc >= 4 && std::string(argv[2]) == "--count") {
    std::string spec = argv[3];
    int tol = 0;
    if (auto colon = spec.find(':'); colon != std::string::npos) {
      tol = std::stoi(spec.substr(colon + 1));
      spec = spec.substr(0, colon);
    }
    const unsigned long want = std::stoul(spec, nullptr, 16);
    const int wr = int(want >> 16 & 255), wg = int(want >> 8 & 255), wb = int(want & 255);
    uint32_t x0 = 0, y0 = 0, x1 = img.width, y1 = img.height;
    if (argc >= 8) {
      x0 = uint32_t(std::stoul(argv[4]));
      y0 = uint32_t(std::stoul(argv[5]));
      x1 = std::min(img.width, uint32_t(std::stoul(argv[6])));
      y1 = std::min(img.height, uint32_t(std::stoul(argv[7])));
    }
    size_t match = 0, total = 0;
    for (uint32_t y = y0; y < y1; y++) {
      for (uint32_t x = x0; x < x1; x++) {
        const uint8_t* p = &img.rgb[(size_t(y) * img.width + x) * 3];
        total++;
        if (std::abs(p[0] - wr) <= tol && std::abs(p[1] - wg) <= tol && std::abs(p[2] - wb) <= tol) match++;
      }
    }
    std::printf("%.6f\n", total ? double(match) / double(total) : 0.0);
    return 0;
  }
  auto white = [&](size_t i) {
    const uint8_t* p = &img.rgb[i * 3];
    return p[0] >= 250 && p[1] >= 250 && p[2] >= 250;
  };
  if (argc >= 3 && std::string(argv[2]) == "--bbox") {
    uint32_t x0 = img.width, y0 = img.height, x1 = 0, y1 = 0;
    for (uint32_t y = 0; y < img.height; y++) {
      for (uint32_t x = 0; x < img.width; x++) {
        if (white(size_t(y) * img.width + x)) continue;
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x + 1);
        y1 = std::max(y1, y + 1);
      }
    }
    if (x1 == 0) x0 = y0 = 0;
    std::printf("%u %u %u %u\n", x0, y0, x1, y1);
    return 0;
  }
  size_t nonwhite = 0;
  for (size_t i = 0; i < pixels; i++) {
    const uint8_t* p = &img.rgb[i * 3];
    if (p[0] < 250 || p[1] < 250 || p[2] < 250) nonwhite++;
  }
  std::printf("%u %u %zu %.6f\n", img.width, img.height, pixels, pixels ? double(nonwhite) / double(pixels) : 0.0);
  return 0;
}
