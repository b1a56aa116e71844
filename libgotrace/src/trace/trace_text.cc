#include "gotrace/trace/trace_text.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <string>

#include "gotrace/base/error.h"
#include "gotrace/base/go_string.h"
#include "v2/wire_spec.h"

namespace gotrace {
namespace {

using v2::EventSpec;

class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  // The next line that is neither blank nor a comment; false at the end.
  bool next(std::string_view& line) {
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      line = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      lineNo_++;
      std::string_view t = trim(line);
      if (t.empty() || t.front() == '#') continue;
      line = t;
      return true;
    }
    return false;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(fmt::format("line {}: {}", lineNo_, what));
  }

  static std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int lineNo_ = 0;
};

std::string_view nextToken(std::string_view& s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  size_t n = 0;
  while (n < s.size() && !std::isspace(static_cast<unsigned char>(s[n])) && s[n] != '#') n++;
  std::string_view tok = s.substr(0, n);
  s.remove_prefix(n);
  return tok;
}

void putUvarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(uint8_t(v) | 0x80);
    v >>= 7;
  }
  out.push_back(uint8_t(v));
}

uint64_t parseArg(LineReader& lr, std::string_view& rest, std::string_view want) {
  std::string_view tok = nextToken(rest);
  if (tok.empty()) lr.fail("no argument");
  size_t eq = tok.find('=');
  if (eq == std::string_view::npos) lr.fail(fmt::format("malformed argument: {}", tok));
  if (tok.substr(0, eq) != want) {
    lr.fail(fmt::format("expected argument \"{}\", but got \"{}\"", want, tok.substr(0, eq)));
  }
  std::string_view num = tok.substr(eq + 1);
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
  if (ec != std::errc() || p != num.data() + num.size() || num.empty()) {
    lr.fail(fmt::format("bad value for argument \"{}\": {}", want, num));
  }
  return v;
}

}  // namespace

std::vector<uint8_t> traceFromText(std::string_view text) {
  LineReader lr(text);
  std::string_view line;
  if (!lr.next(line)) lr.fail("missing header line");
  std::string_view rest = line;
  if (nextToken(rest) != "Trace") lr.fail("expected header line \"Trace Go1.N\"");
  std::string_view ver = nextToken(rest);
  int minor = 0;
  if (!ver.starts_with("Go1.") ||
      std::from_chars(ver.data() + 4, ver.data() + ver.size(), minor).ptr != ver.data() + ver.size()) {
    lr.fail(fmt::format("malformed version: {}", ver));
  }
  if (minor != 22 && minor != 23 && minor != 25 && minor != 26) {
    lr.fail(fmt::format("unknown or unsupported Go version 1.{}", minor));
  }
  if (!LineReader::trim(rest).empty()) lr.fail("unexpected text after the header");

  std::vector<uint8_t> out;
  std::string header = fmt::format("go 1.{} trace", minor);
  header.resize(16, '\0');
  out.insert(out.end(), header.begin(), header.end());

  while (lr.next(line)) {
    rest = line;
    std::string_view name = nextToken(rest);
    const EventSpec* spec = nullptr;
    uint8_t type = 0;
    for (int t = 1; t < 137 && !spec; t++) {
      const EventSpec* s = v2::specOf(uint8_t(t));
      if (s && s->name == name && v2::allowedInVersion(uint8_t(t), minor)) {
        spec = s;
        type = uint8_t(t);
      }
    }
    if (!spec) lr.fail(fmt::format("unidentified event: {}", name));
    out.push_back(type);
    uint64_t nframes = 0;
    for (int i = 0; i < spec->argNameCount; i++) {
      uint64_t v = parseArg(lr, rest, spec->argNames[i]);
      if (type == v2::EvStack && spec->argNames[i] == "nframes") nframes = v;
      putUvarint(out, v);
    }
    if (!LineReader::trim(rest).empty()) lr.fail("encountered unexpected non-space at the end of an event");
    for (uint64_t f = 0; f < nframes; f++) {
      if (!lr.next(line)) lr.fail("missing stack frame");
      rest = line;
      for (std::string_view field : {"pc", "func", "file", "line"}) putUvarint(out, parseArg(lr, rest, field));
      if (!LineReader::trim(rest).empty()) lr.fail("encountered unexpected non-space at the end of a frame");
    }
    if (spec->hasData) {
      if (!lr.next(line)) lr.fail("missing data line");
      size_t eq = line.find('=');
      if (eq == std::string_view::npos || LineReader::trim(line.substr(0, eq)) != "data") {
        lr.fail("expected data=\"...\"");
      }
      std::string_view lit = LineReader::trim(line.substr(eq + 1));
      size_t used = 0;
      auto data = unquoteGoPrefix(lit, used);
      if (!data || used != lit.size()) lr.fail("malformed data string");
      putUvarint(out, data->size());
      out.insert(out.end(), data->begin(), data->end());
    }
  }
  return out;
}

}  // namespace gotrace
