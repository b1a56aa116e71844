#include "gotrace/commands/span_json.h"

#include "gotrace/base/json_text.h"

#include <fmt/format.h>

#include <algorithm>

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

void appendSummaryFields(std::string& out, const TreeSummary& s);

// The fields of one span up to "Caused", after `out`'s opening brace.
void appendSpanFields(std::string& out, const Span& span) {
  fmt::format_to(std::back_inserter(out), "\"G\":{},\"Kind\":", span.goroutine);
  appendJsonString(out, span.kind);
  fmt::format_to(std::back_inserter(out), ",\"StartNs\":{},\"LengthNs\":{},\"StartRun\":", span.startNs, span.lengthNs);
  appendList(out, span.startRun);
  out += ",\"StartAssist\":";
  appendListMap(out, span.startAssist);
  out += ",\"StartWait\":";
  appendListMap(out, span.startWait);
}

void appendFlatSpan(std::string& out, const Span& span, uint64_t id, uint64_t parent) {
  fmt::format_to(std::back_inserter(out), "{{\"id\":{},\"parent\":", id);
  if (parent == 0) {
    out += "null";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", parent);
  }
  out += ',';
  appendSpanFields(out, span);
  out += ",\"Caused\":null}";
}

// Every span below `span` (whose id is `id`), depth first, each followed by
// `separator`.
void appendFlatDescendants(std::string& out, const Span& span, uint64_t id, uint64_t& nextId, char separator) {
  for (const Span& child : span.caused) {
    const uint64_t childId = nextId++;
    appendFlatSpan(out, child, childId, id);
    out += separator;
    appendFlatDescendants(out, child, childId, nextId, separator);
  }
}

}  // namespace

size_t spanTreeDepth(const Span& span) {
  size_t deepest = 0;
  for (const Span& child : span.caused) deepest = std::max(deepest, spanTreeDepth(child));
  return deepest + 1;
}

void appendFlatSpansJson(std::string& out, const Span& root, uint64_t& nextId) {
  const uint64_t id = nextId++;
  appendFlatSpan(out, root, id, 0);
  out += '\n';
  appendFlatDescendants(out, root, id, nextId, '\n');
}

void appendFlatTreeSummaryJson(std::string& out, const TreeSummary& s, const Span& root, uint64_t& nextId) {
  appendSummaryFields(out, s);
  const uint64_t id = nextId++;
  out += ",\"Root\":";
  appendFlatSpan(out, root, id, 0);
  out += ",\"Spans\":[";
  const size_t listStart = out.size();
  appendFlatDescendants(out, root, id, nextId, ',');
  if (out.size() > listStart) out.pop_back();  // the last comma
  out += "]}";
}

void appendSpanJson(std::string& out, const Span& span) {
  out += '{';
  appendSpanFields(out, span);
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
  appendSummaryFields(out, s);
  out += ",\"Root\":";
  appendSpanJson(out, root);
  out += '}';
}

namespace {

void appendSummaryFields(std::string& out, const TreeSummary& s) {
  fmt::format_to(std::back_inserter(out), "{{\"LengthNs\":{},\"TotalRunNs\":{},\"TotalAssistNs\":", s.lengthNs,
                 s.totalRunNs);
  appendNumberMap(out, s.totalAssistNs);
  fmt::format_to(std::back_inserter(out), ",\"FlatRunNs\":{},\"FlatAssistNs\":", s.flatRunNs);
  appendNumberMap(out, s.flatAssistNs);
  out += ",\"FlatWaitNs\":";
  appendNumberMap(out, s.flatWaitNs);
  out += ",\"Flat\":";
  appendSpanJson(out, s.flat);
}

}  // namespace

}  // namespace gotrace::commands
