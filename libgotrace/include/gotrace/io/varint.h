// Unsigned LEB128 ("uvarint") decoding with Go's encoding/binary rules: 1 to
// 10 bytes, padded (non-canonical) encodings accepted, values that do not fit
// in 64 bits rejected.
#pragma once

#include <cstdint>

namespace gotrace::io {

// Decodes one uvarint from [p, end). Returns the number of bytes used, 0 when
// the input ends first, or -1 when the value overflows 64 bits.
inline int decodeUvarint(const uint8_t* p, const uint8_t* end, uint64_t& out) {
  uint64_t x = 0;
  unsigned shift = 0;
  for (int i = 0; i < 10; i++) {
    if (p + i >= end) return 0;
    uint8_t b = p[i];
    if (b < 0x80) {
      if (i == 9 && b > 1) return -1;
      out = x | uint64_t(b) << shift;
      return i + 1;
    }
    x |= uint64_t(b & 0x7f) << shift;
    shift += 7;
  }
  return -1;
}

}  // namespace gotrace::io
