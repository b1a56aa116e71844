// UTF-8 decoding with Go's rules (unicode/utf8.DecodeRuneInString): no
// overlong forms, no surrogates, nothing past U+10FFFF. Trace strings are
// whatever a program logged, so every writer that must emit valid text
// (Go quoting, JSON) decodes them this one way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gotrace {

constexpr uint32_t kRuneError = 0xfffd;

struct DecodedRune {
  uint32_t rune = kRuneError;
  size_t width = 0;    // bytes consumed: 1 for an invalid byte, 0 at the end
  bool valid = false;  // false: an invalid byte (rune is U+FFFD, width 1) or the end
};

// The rune at the start of `s`.
DecodedRune decodeRune(std::string_view s);

// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD, one
// replacement per byte: the one rule for strings that go into JSON, as Go's
// encoding/json writes them. Valid input comes back unchanged.
std::string toValidUtf8(std::string_view s);
bool isValidUtf8(std::string_view s);

}  // namespace gotrace
