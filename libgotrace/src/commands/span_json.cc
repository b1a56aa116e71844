#include "gotrace/commands/span_json.h"

#include "gotrace/base/json_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

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

// Every span of a Span tree in SpanForest::walk's order, with an explicit
// stack: trees can be as deep as creation chains.
void walkSpan(const Span& root, SpanJsonWriter& writer) {
  struct Open {
    const Span* span;
    size_t next;  // the child to visit next
  };
  writer.enter(root, root.caused.size());
  std::vector<Open> open{{&root, 0}};
  while (!open.empty()) {
    Open& o = open.back();
    if (o.next == o.span->caused.size()) {
      writer.leave();
      open.pop_back();
      continue;
    }
    const Span& child = o.span->caused[o.next++];
    writer.enter(child, child.caused.size());
    open.push_back({&child, 0});
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

SpanJsonWriter SpanJsonWriter::nested(std::string& out, int64_t traceStart) {
  return SpanJsonWriter(out, traceStart, nullptr, {}, 0);
}

SpanJsonWriter SpanJsonWriter::flat(std::string& out, int64_t traceStart, uint64_t& nextId, std::string_view afterRoot,
                                    char separator) {
  return SpanJsonWriter(out, traceStart, &nextId, afterRoot, separator);
}

void SpanJsonWriter::enter(const Span& span, size_t children) {
  if (!nextId_) {
    if (!open_.empty() && open_.back()++ > 0) out_ += ',';
    out_ += '{';
    appendSpanFields(out_, span, traceStart_);
    out_ += children == 0 ? ",\"Caused\":null" : ",\"Caused\":[";
    open_.push_back(0);
    hasChildren_.push_back(children > 0);
    return;
  }
  const uint64_t id = (*nextId_)++;
  if (open_.empty()) {
    appendFlatSpan(out_, span, id, 0, traceStart_);
    out_ += afterRoot_;
  } else {
    appendFlatSpan(out_, span, id, open_.back(), traceStart_);
    out_ += separator_;
    descendants_++;
  }
  open_.push_back(id);
}

void SpanJsonWriter::leave() {
  open_.pop_back();
  if (!nextId_) {
    out_ += hasChildren_.back() ? "]}" : "}";
    hasChildren_.pop_back();
  }
}

void appendSpanJson(std::string& out, const Span& span, int64_t traceStart) {
  SpanJsonWriter writer = SpanJsonWriter::nested(out, traceStart);
  walkSpan(span, writer);
}

void appendFlatSpansJson(std::string& out, const Span& root, uint64_t& nextId, int64_t traceStart) {
  SpanJsonWriter writer = SpanJsonWriter::flat(out, traceStart, nextId, "\n", '\n');
  walkSpan(root, writer);
}

void appendTreeSummaryJson(std::string& out, const TreeSummary& s, const Span& root, int64_t traceStart) {
  appendSummaryFields(out, s, traceStart);
  out += ",\"Root\":";
  appendSpanJson(out, root, traceStart);
  out += '}';
}

void appendFlatTreeSummaryJson(std::string& out, const TreeSummary& s, const Span& root, uint64_t& nextId,
                               int64_t traceStart) {
  appendSummaryFields(out, s, traceStart);
  out += ",\"Root\":";
  SpanJsonWriter writer = SpanJsonWriter::flat(out, traceStart, nextId, ",\"Spans\":[", ',');
  walkSpan(root, writer);
  if (writer.descendants() > 0) out.pop_back();  // the last comma
  out += "]}";
}

void appendSpanJson(std::string& out, const SpanForest& forest, size_t root, int64_t traceStart,
                    const std::function<void()>& progress) {
  SpanJsonWriter writer = SpanJsonWriter::nested(out, traceStart);
  forest.walk(
      root,
      [&](const Span& span, size_t children) {
        writer.enter(span, children);
        progress();
      },
      [&] { writer.leave(); });
}

void appendFlatSpansJson(std::string& out, const SpanForest& forest, size_t root, uint64_t& nextId, int64_t traceStart,
                         const std::function<void()>& progress) {
  SpanJsonWriter writer = SpanJsonWriter::flat(out, traceStart, nextId, "\n", '\n');
  forest.walk(
      root,
      [&](const Span& span, size_t children) {
        writer.enter(span, children);
        progress();
      },
      [&] { writer.leave(); });
}

void writeTreeSummaryJson(OutputBuffer& out, const SpanForest& forest, size_t root, bool flat, uint64_t& nextId,
                          int64_t traceStart) {
  // The summary comes first and needs every span: the tree is written aside
  // while it is summarized.
  TreeSummarizer summarizer;
  std::string tree;
  SpanJsonWriter writer =
      flat ? SpanJsonWriter::flat(tree, traceStart, nextId, ",\"Spans\":[", ',') : SpanJsonWriter::nested(tree, traceStart);
  forest.walk(
      root,
      [&](const Span& span, size_t children) {
        summarizer.add(span);
        writer.enter(span, children);
      },
      [&] { writer.leave(); });
  if (flat) {
    if (writer.descendants() > 0) tree.pop_back();  // the last comma
    tree += ']';
  }
  tree += "}\n";
  appendSummaryFields(out.buffer(), summarizer.finish(), traceStart);
  out.buffer() += ",\"Root\":";
  out.write(tree);
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
