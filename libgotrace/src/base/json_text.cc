#include "gotrace/base/json_text.h"

#include "gotrace/base/utf8.h"

namespace gotrace {

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const DecodedRune d = decodeRune(s.substr(i));
      if (!d.valid) {
        out += "\\ufffd";
      } else if (d.rune == 0x2028 || d.rune == 0x2029) {
        out += d.rune == 0x2028 ? "\\u2028" : "\\u2029";  // as Go does
      } else {
        out.append(s.data() + i, d.width);
      }
      i += d.width;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += char(c);
        }
    }
    i++;
  }
  out += '"';
}

}  // namespace gotrace
