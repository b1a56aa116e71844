// Text and attribute values inside the SVG we write.
#pragma once

#include <string>
#include <string_view>

namespace gotrace {

// `s` escaped for XML text or a double- or single-quoted attribute; a newline
// kept as a character reference (attributes would fold it into a space).
inline void appendXmlText(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '\n': out += "&#xA;"; break;
      default: out += c;
    }
  }
}

}  // namespace gotrace
