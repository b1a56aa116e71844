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

namespace {

// A span's fields up to and including "Caused": null, or up to its `[`.
void appendSpanHead(std::string& out, const Span& span) {
  fmt::format_to(std::back_inserter(out), "{{\"G\":{},\"Kind\":", span.goroutine);
  appendJsonString(out, span.kind);
  fmt::format_to(std::back_inserter(out), ",\"StartNs\":{},\"LengthNs\":{},\"StartRun\":", span.startNs, span.lengthNs);
  appendList(out, span.startRun);
  out += ",\"StartAssist\":";
  appendListMap(out, span.startAssist);
  out += ",\"StartWait\":";
  appendListMap(out, span.startWait);
  out += span.caused.empty() ? ",\"Caused\":null" : ",\"Caused\":[";
}

}  // namespace

void appendSpanJson(std::string& out, const Span& span) {
  // With an explicit stack: trees can be as deep as creation chains.
  struct Open {
    const Span* span;
    size_t next;  // the child to write next
  };
  appendSpanHead(out, span);
  std::vector<Open> open{{&span, 0}};
  while (!open.empty()) {
    Open& o = open.back();
    if (o.next == o.span->caused.size()) {
      out += o.span->caused.empty() ? "}" : "]}";
      open.pop_back();
      continue;
    }
    if (o.next > 0) out += ',';
    const Span& child = o.span->caused[o.next++];
    appendSpanHead(out, child);
    open.push_back({&child, 0});
  }
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
