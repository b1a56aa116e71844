// Small inline helpers for the v1 reader's fast paths over the wire bytes.
// They only recognise well-formed input: whenever one returns false, the
// caller hands the record to RawReader, which gives Go's exact error (or
// reads it, if it was merely unusual).
#pragma once

#include <cstdint>

#include "gotrace/io/varint.h"

namespace gotrace::v1 {

// Reads one uvarint from [p, end) with Go's rules and advances p.
inline bool readUvarint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
  if (p < end && *p < 0x80) {
    v = *p++;
    return true;
  }
  const int n = io::decodeUvarint(p, end, v);
  if (n <= 0) return false;
  p += n;
  return true;
}

inline bool skipUvarint(const uint8_t*& p, const uint8_t* end) {
  uint64_t v;
  return readUvarint(p, end, v);
}

}  // namespace gotrace::v1
