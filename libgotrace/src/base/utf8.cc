#include "gotrace/base/utf8.h"

namespace gotrace {

DecodedRune decodeRune(std::string_view s) {
  if (s.empty()) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  auto cont = [&](size_t i, unsigned lo = 0x80, unsigned hi = 0xbf) { return i < n && p[i] >= lo && p[i] <= hi; };
  const unsigned c = p[0];
  if (c < 0x80) return {c, 1, true};
  if (c >= 0xc2 && c <= 0xdf && cont(1)) return {(c & 0x1f) << 6 | (p[1] & 0x3fu), 2, true};
  if (c >= 0xe0 && c <= 0xef) {
    // E0 would be overlong below A0; ED at A0 and above encodes surrogates.
    const unsigned lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    if (cont(1, lo, hi) && cont(2)) return {(c & 0x0f) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu), 3, true};
  }
  if (c >= 0xf0 && c <= 0xf4) {
    // F0 would be overlong below 90; F4 at 90 and above passes U+10FFFF.
    const unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    if (cont(1, lo, hi) && cont(2) && cont(3)) {
      return {(c & 0x07) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 | (p[3] & 0x3fu), 4, true};
    }
  }
  return {kRuneError, 1, false};
}

bool isValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      i++;
      continue;
    }
    const DecodedRune d = decodeRune(s.substr(i));
    if (!d.valid) return false;
    i += d.width;
  }
  return true;
}

std::string toValidUtf8(std::string_view s) {
  if (isValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out += s[i++];
      continue;
    }
    const DecodedRune d = decodeRune(s.substr(i));
    if (d.valid) {
      out.append(s.data() + i, d.width);
    } else {
      out += "\xef\xbf\xbd";  // U+FFFD
    }
    i += d.width;
  }
  return out;
}

}  // namespace gotrace
