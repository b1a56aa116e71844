// png_stats: reads a PNG screenshot (8-bit RGB or RGBA, not interlaced, as
// Chromium writes them) and prints what render tests check:
//   width height pixels nonwhite_fraction
// and with "--count RRGGBB[:TOLERANCE] [x0 y0 x1 y1]" the fraction of pixels
// of that colour (within the box when given).
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& what) {
  std::cerr << "png_stats: " << what << "\n";
  std::exit(1);
}

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

struct Image {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgb;  // 3 bytes per pixel
};

Image decode(const std::vector<uint8_t>& file) {
  static const uint8_t kSig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (file.size() < 8 || std::memcmp(file.data(), kSig, 8) != 0) die("not a PNG");
  Image img;
  int colorType = -1, channels = 0;
  std::vector<uint8_t> idat;
  for (size_t pos = 8; pos + 12 <= file.size();) {
    uint32_t len = be32(&file[pos]);
    std::string type(reinterpret_cast<const char*>(&file[pos + 4]), 4);
    if (pos + 12 + len > file.size()) die("truncated chunk");
    const uint8_t* data = &file[pos + 8];
    if (type == "IHDR") {
      img.width = be32(data);
      img.height = be32(data + 4);
      if (data[8] != 8) die("only 8-bit PNGs");
      colorType = data[9];
      if (data[12] != 0) die("interlaced PNG");
      channels = colorType == 2 ? 3 : colorType == 6 ? 4 : 0;
      if (!channels) die("only RGB/RGBA PNGs");
    } else if (type == "IDAT") {
      idat.insert(idat.end(), data, data + len);
    } else if (type == "IEND") {
      break;
    }
    pos += 12 + len;
  }
  const size_t stride = size_t(img.width) * size_t(channels);
  std::vector<uint8_t> raw((stride + 1) * img.height);
  uLongf rawLen = raw.size();
  if (uncompress(raw.data(), &rawLen, idat.data(), idat.size()) != Z_OK || rawLen != raw.size()) die("bad image data");
  std::vector<uint8_t> prev(stride, 0), cur(stride);
  img.rgb.resize(size_t(img.width) * img.height * 3);
  for (uint32_t y = 0; y < img.height; y++) {
    const uint8_t* line = &raw[y * (stride + 1)];
    const uint8_t filter = line[0];
    for (size_t i = 0; i < stride; i++) {
      const int a = i >= size_t(channels) ? cur[i - size_t(channels)] : 0;
      const int b = prev[i];
      const int c = i >= size_t(channels) ? prev[i - size_t(channels)] : 0;
      int x = line[1 + i];
      switch (filter) {
        case 0: break;
        case 1: x += a; break;
        case 2: x += b; break;
        case 3: x += (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          x += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: die("bad filter");
      }
      cur[i] = uint8_t(x);
    }
    for (uint32_t px = 0; px < img.width; px++) {
      for (int k = 0; k < 3; k++) img.rgb[(size_t(y) * img.width + px) * 3 + size_t(k)] = cur[px * size_t(channels) + size_t(k)];
    }
    std::swap(prev, cur);
  }
  return img;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: png_stats FILE.png [--count RRGGBB[:TOL] [x0 y0 x1 y1]]");
  std::ifstream f(argv[1], std::ios::binary);
  if (!f) die(std::string("cannot open ") + argv[1]);
  Image img = decode(std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {}));
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
  size_t nonwhite = 0;
  for (size_t i = 0; i < pixels; i++) {
    const uint8_t* p = &img.rgb[i * 3];
    if (p[0] < 250 || p[1] < 250 || p[2] < 250) nonwhite++;
  }
  std::printf("%u %u %zu %.6f\n", img.width, img.height, pixels, pixels ? double(nonwhite) / double(pixels) : 0.0);
  return 0;
}
