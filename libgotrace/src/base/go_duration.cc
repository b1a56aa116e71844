#include "gotrace/base/go_duration.h"

#include <cctype>
#include <cstdlib>
#include <string>

namespace gotrace {

std::optional<int64_t> parseGoDuration(std::string_view text) {
  struct Unit {
    std::string_view name;
    double ns;
  };
  static constexpr Unit kUnits[] = {{"ns", 1},         {"us", 1e3},       {"\xc2\xb5s", 1e3}, {"\xce\xbcs", 1e3},
                                    {"ms", 1e6},        {"s", 1e9},        {"m", 60e9},         {"h", 3600e9}};
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return std::nullopt;
  double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) i++;
    if (i == 0 || (i == 1 && s[0] == '.')) return std::nullopt;
    const double value = std::strtod(std::string(s.substr(0, i)).c_str(), nullptr);
    s.remove_prefix(i);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      // The longest unit name that fits ("ms" before "m").
      if (s.starts_with(u.name) && (!unit || u.name.size() > unit->name.size())) unit = &u;
    }
    if (!unit) return std::nullopt;
    s.remove_prefix(unit->name.size());
    total += value * unit->ns;
  }
  if (total > 9.2e18) return std::nullopt;
  return int64_t(negative ? -total : total);
}

namespace {

// Go's fmtFrac: the low `prec` digits of v as a fraction without trailing
// zeros (nothing when they are all zero), prepended to `out`; returns the
// rest of v.
uint64_t prependFraction(std::string& out, uint64_t v, int prec) {
  std::string digits;
  bool print = false;
  for (int i = 0; i < prec; i++) {
    const char digit = char('0' + v % 10);
    print = print || digit != '0';
    if (print) digits.insert(digits.begin(), digit);
    v /= 10;
  }
  if (print) out.insert(0, "." + digits);
  return v;
}

void prependInt(std::string& out, uint64_t v) { out.insert(0, std::to_string(v)); }

}  // namespace

std::string formatGoDuration(int64_t ns) {
  if (ns == 0) return "0s";
  const bool negative = ns < 0;
  uint64_t u = negative ? uint64_t(0) - uint64_t(ns) : uint64_t(ns);
  std::string out;
  if (u < 1'000'000'000) {
    if (u < 1000) {
      out = std::to_string(u) + "ns";
    } else {
      const bool micro = u < 1'000'000;
      out = micro ? "\u00b5s" : "ms";
      u = prependFraction(out, u, micro ? 3 : 6);
      prependInt(out, u);
    }
  } else {
    out = "s";
    u = prependFraction(out, u, 9);
    prependInt(out, u % 60);
    u /= 60;
    if (u > 0) {
      out.insert(0, "m");
      prependInt(out, u % 60);
      u /= 60;
      if (u > 0) {
        out.insert(0, "h");
        prependInt(out, u);
      }
    }
  }
  return negative ? "-" + out : out;
}

}  // namespace gotrace
