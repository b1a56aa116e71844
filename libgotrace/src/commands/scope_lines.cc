#include "gotrace/commands/scope_lines.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "gotrace/base/json_text.h"

namespace gotrace::commands {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t at = 0;
  for (;;) {
    const size_t next = s.find(sep, at);
    out.emplace_back(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) i++;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') i++;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

void dropGoexit(std::vector<std::string>& stack) {
  if (!stack.empty() && stack.front() == "runtime.goexit") stack.erase(stack.begin());
}

}  // namespace

void appendScopeText(std::string& out, const ScopeLine& line) {
  fmt::format_to(std::back_inserter(out), "start {} length {} frac {:f} stack ", line.regionStart, line.regionLength,
                 line.frac);
  for (size_t i = 0; i < line.stack.size(); i++) {
    if (i > 0) out += ';';
    out += line.stack[i];
  }
  out += '\n';
}

void appendScopeJson(std::string& out, const ScopeLine& line) {
  out += "{\"trace\":";
  appendJsonString(out, line.trace);
  out += ",\"kind\":";
  appendJsonString(out, line.kind);
  fmt::format_to(std::back_inserter(out),
                 ",\"g\":{},\"region_start\":{},\"region_length\":{},\"offset\":{},\"frac\":{:f},"
                 "\"region_start_ts\":{},\"sample_ts\":{},\"stack\":[",
                 line.goroutine, line.regionStart, line.regionLength, line.offset, line.frac,
                 line.traceStart + line.regionStart, line.traceStart + line.regionStart + line.offset);
  for (size_t i = 0; i < line.stack.size(); i++) {
    if (i > 0) out += ',';
    appendJsonString(out, line.stack[i]);
  }
  out += "]}\n";
}

std::vector<ScopeSample> readScopeSamples(std::string_view text, size_t& skipped) {
  std::vector<ScopeSample> out;
  skipped = 0;
  for (const std::string& line : split(text, '\n')) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    ScopeSample s;
    if (line.front() == '{') {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("frac") || !j["frac"].is_number() ||
          !j.contains("stack") || !j["stack"].is_array()) {
        skipped++;
        continue;
      }
      s.frac = j["frac"].get<double>();
      for (const auto& f : j["stack"]) {
        if (f.is_string()) s.stack.push_back(f.get<std::string>());
      }
    } else {
      const auto f = fields(line);
      if (f.size() != 8 || f[0] != "start" || f[4] != "frac" || f[6] != "stack") {
        skipped++;
        continue;
      }
      char* end = nullptr;
      const std::string frac(f[5]);
      s.frac = std::strtod(frac.c_str(), &end);
      if (end == frac.c_str() || *end != '\0') {
        skipped++;
        continue;
      }
      s.stack = split(f[7], ';');
    }
    if (!(s.frac >= 0 && s.frac <= 1)) {
      skipped++;
      continue;
    }
    dropGoexit(s.stack);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace gotrace::commands
