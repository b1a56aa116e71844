#include "support/png_image.h"

#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gotrace::testing {
namespace {

[[noreturn]] void die(const std::string& what) { throw std::runtime_error("png: " + what); }

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

}  // namespace

PngImage decodePng(const std::vector<uint8_t>& file) {
  static const uint8_t kSig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (file.size() < 8 || std::memcmp(file.data(), kSig, 8) != 0) die("not a PNG");
  PngImage img;
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


}  // namespace gotrace::testing
