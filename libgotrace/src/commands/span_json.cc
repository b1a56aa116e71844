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

void appendSummaryFields(std::string& out, const TreeSummary& s, int64_t traceStart);

// The fields of one span up to "Caused", after `out`'s opening brace.
void appendSpanFields(std::string& out, const Span& span, int64_t traceStart) {
  fmt::format_to(std::back_inserter(out), "\"G\":{},\"Kind\":", span.goroutine);
  appendJsonString(out, span.kind);
  if (!span.handler.empty()) {
    out += ",\"Handler\":";
    appendJsonString(out, span.handler);
  }
  // StartTs and EndTs: absolute trace time, as etgrep prints it.
  fmt::format_to(std::back_inserter(out), ",\"StartNs\":{},\"LengthNs\":{},\"StartTs\":{},\"EndTs\":{},\"StartRun\":",
                 span.startNs, span.lengthNs, traceStart + span.startNs, traceStart + span.startNs + span.lengthNs);
  appendList(out, span.startRun);
  out += ",\"StartAssist\":";
  appendListMap(out, span.startAssist);
  out += ",\"StartWait\":";
  appendListMap(out, span.startWait);
}

// A span's fields up to and including "Caused": null, or up to its `[`.
void appendSpanHead(std::string& out, const Span& span, int64_t traceStart) {
  out += '{';
  appendSpanFields(out, span, traceStart);
  out += span.caused.empty() ? ",\"Caused\":null" : ",\"Caused\":[";
}

void appendFlatSpan(std::string& out, const Span& span, uint64_t id, uint64_t parent, int64_t traceStart) {
  fmt::format_to(std::back_inserter(out), "{{\"id\":{},\"parent\":", id);
  if (parent == 0) {
    out += "null";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", parent);
  }
  out += ',';
  appendSpanFields(out, span, traceStart);
  out += ",\"Caused\":null}";
}

// Every span below `span` (whose id is `id`), depth first, each followed by
// `separator`. With an explicit stack: trees can be as deep as creation
// chains.
void appendFlatDescendants(std::string& out, const Span& span, uint64_t id, uint64_t& nextId, char separator,
                           int64_t traceStart) {
  struct Open {
    const Span* span;
    uint64_t id;
    size_t next;  // the child to write next
  };
  std::vector<Open> open{{&span, id, 0}};
  while (!open.empty()) {
    Open& o = open.back();
    if (o.next == o.span->caused.size()) {
      open.pop_back();
      continue;
    }
    const Span& child = o.span->caused[o.next++];
    const uint64_t childId = nextId++;
    const uint64_t parentId = o.id;
    appendFlatSpan(out, child, childId, parentId, traceStart);
    out += separator;
    open.push_back({&child, childId, 0});
  }
}

}  // namespace

size_t spanTreeDepth(const Span& span) {
  // Breadth first, a level at a time: no recursion.
  size_t depth = 0;
  std::vector<const Span*> level{&span}, next;
  while (!level.empty()) {
    depth++;
    next.clear();
    for (const Span* s : level) {
      for (const Span& child : s->caused) next.push_back(&child);
    }
    level.swap(next);
  }
  return depth;
}

void appendFlatSpansJson(std::string& out, const Span& root, uint64_t& nextId, int64_t traceStart) {
  const uint64_t id = nextId++;
  appendFlatSpan(out, root, id, 0, traceStart);
  out += '\n';
  appendFlatDescendants(out, root, id, nextId, '\n', traceStart);
}

void appendFlatTreeSummaryJson(std::string& out, const TreeSummary& s, const Span& root, uint64_t& nextId,
                               int64_t traceStart) {
  appendSummaryFields(out, s, traceStart);
  const uint64_t id = nextId++;
  out += ",\"Root\":";
  appendFlatSpan(out, root, id, 0, traceStart);
  out += ",\"Spans\":[";
  const size_t listStart = out.size();
  appendFlatDescendants(out, root, id, nextId, ',', traceStart);
  if (out.size() > listStart) out.pop_back();  // the last comma
  out += "]}";
}

void appendSpanJson(std::string& out, const Span& span, int64_t traceStart) {
  // With an explicit stack: trees can be as deep as creation chains.
  struct Open {
    const Span* span;
    size_t next;  // the child to write next
  };
  appendSpanHead(out, span, traceStart);
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
    appendSpanHead(out, child, traceStart);
    open.push_back({&child, 0});
  }
}

void appendTreeSummaryJson(std::string& out, const TreeSummary& s, const Span& root, int64_t traceStart) {
  appendSummaryFields(out, s, traceStart);
  out += ",\"Root\":";
  appendSpanJson(out, root, traceStart);
  out += '}';
}

namespace {

void appendSummaryFields(std::string& out, const TreeSummary& s, int64_t traceStart) {
  fmt::format_to(std::back_inserter(out), "{{\"LengthNs\":{},\"TotalRunNs\":{},\"TotalAssistNs\":", s.lengthNs,
                 s.totalRunNs);
  appendNumberMap(out, s.totalAssistNs);
  fmt::format_to(std::back_inserter(out), ",\"FlatRunNs\":{},\"FlatAssistNs\":", s.flatRunNs);
  appendNumberMap(out, s.flatAssistNs);
  out += ",\"FlatWaitNs\":";
  appendNumberMap(out, s.flatWaitNs);
  out += ",\"Flat\":";
  appendSpanJson(out, s.flat, traceStart);
}

}  // namespace

}  // namespace gotrace::commands
