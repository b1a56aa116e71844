// A bundle's `meta` JSON and its RFC 3339 timestamps.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "gotrace/bundles/bundle_meta.h"
#include "gotrace/base/error.h"

namespace gotrace::bundles {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<int64_t> parseRfc3339(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, hour) || s[13] != ':' ||
      !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] + (month == 2 && leap(year)) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    pos++;
    size_t start = pos;
    int64_t scale = 100000000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      nanos += (s[pos] - '0') * scale;
      scale /= 10;
      pos++;
    }
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    pos++;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t secs = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 +
                       second - offset;
  // Nanoseconds since 1970 in 64 bits reach the years 1678 to 2262 only.
  int64_t ns;
  if (__builtin_mul_overflow(secs, int64_t(1000000000), &ns) || __builtin_add_overflow(ns, nanos, &ns)) {
    return std::nullopt;
  }
  return ns;
}

BundleMeta parseMeta(std::string_view text) {
  // A meta file is one flat object: deep nesting (a zip member of brackets)
  // would cost gigabytes as a document. Checked before parsing.
  constexpr int kMaxDepth = 64;
  int depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); i++) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        inString = false;
      }
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) throw Error(fmt::format("meta: JSON nested deeper than {} levels", kMaxDepth), i);
    } else if (c == ']' || c == '}') {
      depth--;
    }
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("meta: invalid JSON at byte {}", e.byte), e.byte);
  } catch (const nlohmann::json::exception& e) {
    // E.g. a number too big for any type (out_of_range), found by fuzz_bundle.
    throw Error(fmt::format("meta: invalid JSON: {}", e.what()));
  }
  if (!j.is_object()) throw Error("meta: not a JSON object");
  BundleMeta m;
  auto field = [&](const char* key, std::string& out) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return false;
    if (!it->is_string()) throw Error(fmt::format("meta: \"{}\" is not a string", key));
    out = it->get<std::string>();
    return true;
  };
  field("main", m.main);
  field("revision", m.revision);
  field("go_version", m.goVersion);
  field("hostname", m.hostname);
  field("proc_id", m.procId);
  auto time = [&](const char* key, std::string& text, int64_t& out) {
    if (!field(key, text)) return;
    auto t = parseRfc3339(text);
    if (!t) {
      throw Error(fmt::format("meta: \"{}\" is not an RFC 3339 time between the years 1678 and 2262: \"{}\"", key,
                              text));
    }
    out = *t;
  };
  time("init_time", m.initTimeText, m.initTime);
  time("capture_time", m.captureTimeText, m.captureTime);
  return m;
}

}  // namespace gotrace::bundles
