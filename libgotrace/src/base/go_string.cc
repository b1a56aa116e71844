// Go's %q quoting: printable runes kept, everything else escaped.
#include <algorithm>
#include <array>
#include <cstdint>

#include "gotrace/base/go_string.h"
#include "gotrace/base/utf8.h"

namespace gotrace {
namespace {

struct RuneRange {
  uint32_t lo, hi;
};

constexpr RuneRange kPrintable[] = {
#include "printable_runes.inc"
};

bool isPrint(uint32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  auto it = std::upper_bound(std::begin(kPrintable), std::end(kPrintable), r,
                             [](uint32_t v, const RuneRange& rr) { return v < rr.lo; });
  if (it == std::begin(kPrintable)) return false;
  --it;
  return r <= it->hi;
}

constexpr char kHex[] = "0123456789abcdef";

void appendHex(std::string& out, uint32_t v, int digits) {
  for (int i = digits - 1; i >= 0; i--) out += kHex[(v >> (4 * i)) & 0xf];
}

}  // namespace

void appendGoQuoted(std::string& out, std::string_view s) {
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: a run of plain printable ASCII, appended at once.
    unsigned char c = p[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      size_t j = i + 1;
      while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '"' && p[j] != '\\') j++;
      out.append(s.data() + i, j - i);
      i = j;
      continue;
    }
    const DecodedRune d = decodeRune(s.substr(i));
    const uint32_t r = d.rune;
    const size_t w = d.width;
    if (!d.valid) {
      out += "\\x";
      appendHex(out, c, 2);
      i++;
      continue;
    }
    if (r == '"' || r == '\\') {
      out += '\\';
      out += char(r);
    } else if (isPrint(r)) {
      out.append(s.data() + i, w);
    } else {
      switch (r) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
          if (r < ' ' || r == 0x7f) {
            out += "\\x";
            appendHex(out, r, 2);
          } else if (r < 0x10000) {
            out += "\\u";
            appendHex(out, r, 4);
          } else {
            out += "\\U";
            appendHex(out, r, 8);
          }
      }
    }
    i += size_t(w);
  }
  out += '"';
}

std::string goQuoted(std::string_view s) {
  std::string out;
  appendGoQuoted(out, s);
  return out;
}

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void appendUtf8(std::string& out, uint32_t r) {
  if (r < 0x80) {
    out += char(r);
  } else if (r < 0x800) {
    out += char(0xc0 | (r >> 6));
    out += char(0x80 | (r & 0x3f));
  } else if (r < 0x10000) {
    out += char(0xe0 | (r >> 12));
    out += char(0x80 | ((r >> 6) & 0x3f));
    out += char(0x80 | (r & 0x3f));
  } else {
    out += char(0xf0 | (r >> 18));
    out += char(0x80 | ((r >> 12) & 0x3f));
    out += char(0x80 | ((r >> 6) & 0x3f));
    out += char(0x80 | (r & 0x3f));
  }
}

}  // namespace

std::optional<std::string> unquoteGoPrefix(std::string_view in, size_t& consumed) {
  if (in.empty()) return std::nullopt;
  std::string out;
  if (in[0] == '`') {
    size_t end = in.find('`', 1);
    if (end == std::string_view::npos) return std::nullopt;
    for (size_t i = 1; i < end; i++) {
      if (in[i] != '\r') out += in[i];  // raw strings drop carriage returns
    }
    consumed = end + 1;
    return out;
  }
  if (in[0] != '"') return std::nullopt;
  size_t i = 1;
  while (i < in.size()) {
    char c = in[i];
    if (c == '"') {
      consumed = i + 1;
      return out;
    }
    if (c == '\n') return std::nullopt;
    if (c != '\\') {
      out += c;
      i++;
      continue;
    }
    if (++i >= in.size()) return std::nullopt;
    char e = in[i++];
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x':
      case 'u':
      case 'U': {
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + size_t(digits) > in.size()) return std::nullopt;
        uint32_t v = 0;
        for (int k = 0; k < digits; k++) {
          int h = hexValue(in[i + size_t(k)]);
          if (h < 0) return std::nullopt;
          v = v << 4 | uint32_t(h);
        }
        i += size_t(digits);
        if (e == 'x') {
          out += char(v);
        } else {
          if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return std::nullopt;
          appendUtf8(out, v);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          if (i + 2 > in.size()) return std::nullopt;
          uint32_t v = uint32_t(e - '0');
          for (int k = 0; k < 2; k++) {
            char d = in[i + size_t(k)];
            if (d < '0' || d > '7') return std::nullopt;
            v = v * 8 + uint32_t(d - '0');
          }
          if (v > 255) return std::nullopt;
          i += 2;
          out += char(v);
          break;
        }
        return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string displayName(std::string_view s) {
  bool plain = isValidUtf8(s) && !s.starts_with('"');
  for (size_t i = 0; plain && i < s.size(); i++) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) plain = false;
    // C1 controls, U+0080..U+009F: \xc2\x80..\xc2\x9f.
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0) plain = false;
  }
  return plain ? std::string(s) : goQuoted(s);
}

}  // namespace gotrace
