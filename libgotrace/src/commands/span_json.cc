#include "gotrace/commands/span_json.h"

#include "gotrace/base/json_text.h"

#include <fmt/format.h>

namespace gotrace::commands {

namespace {

void appendList(std::string& out, const std::vector<int64_t>& list) {
  if (list.empty()) {
    out += "null";
    return;
  }
  out += '[';
  for (size_t i = 0; i < list.size(); i++) {
    if (i) out += ',';
    fmt::format_to(std::back_inserter(out), "{}", list[i]);
  }
  out += ']';
}

// {"key":value,...} in key order, each value written by `value`.
template <typename Map, typename WriteValue>
void appendMap(std::string& out, const Map& map, WriteValue&& value) {
  out += '{';
  bool first = true;
  for (const auto& [key, v] : map) {
    if (!first) out += ',';
    first = false;
    appendJsonString(out, key);
    out += ':';
    value(v);
  }
  out += '}';
}

void appendListMap(std::string& out, const std::map<std::string, std::vector<int64_t>>& map) {
  appendMap(out, map, [&](const std::vector<int64_t>& list) { appendList(out, list); });
}

void appendNumberMap(std::string& out, const std::map<std::string, int64_t>& map) {
  appendMap(out, map, [&](int64_t n) { fmt::format_to(std::back_inserter(out), "{}", n); });
}

}  // namespace

void appendSpanJson(std::string& out, const Span& span) {
  fmt::format_to(std::back_inserter(out), "{{\"G\":{},\"Kind\":", span.goroutine);
  appendJsonString(out, span.kind);
  fmt::format_to(std::back_inserter(out), ",\"StartNs\":{},\"LengthNs\":{},\"StartRun\":", span.startNs, span.lengthNs);
  appendList(out, span.startRun);
  out += ",\"StartAssist\":";
  appendListMap(out, span.startAssist);
  out += ",\"StartWait\":";
  appendListMap(out, span.startWait);
  out += ",\"Caused\":";
  if (span.caused.empty()) {
    out += "null";
  } else {
    out += '[';
    for (size_t i = 0; i < span.caused.size(); i++) {
      if (i) out += ',';
      appendSpanJson(out, span.caused[i]);
    }
    out += ']';
  }
  out += '}';
}

void appendTreeSummaryJson(std::string& out, const TreeSummary& s, const Span& root) {
  fmt::format_to(std::back_inserter(out), "{{\"LengthNs\":{},\"TotalRunNs\":{},\"TotalAssistNs\":", s.lengthNs,
                 s.totalRunNs);
  appendNumberMap(out, s.totalAssistNs);
  fmt::format_to(std::back_inserter(out), ",\"FlatRunNs\":{},\"FlatAssistNs\":", s.flatRunNs);
  appendNumberMap(out, s.flatAssistNs);
  out += ",\"FlatWaitNs\":";
  appendNumberMap(out, s.flatWaitNs);
  out += ",\"Flat\":";
  appendSpanJson(out, s.flat);
  out += ",\"Root\":";
  appendSpanJson(out, root);
  out += '}';
}

}  // namespace gotrace::commands
