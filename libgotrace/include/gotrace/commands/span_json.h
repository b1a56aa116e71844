// regiongraph's JSON: span trees and their summaries, one compact object
// per line, in the field order and conventions of the original regiongraph
// (Go's encoding/json): empty lists that were never filled are null, maps
// are objects with sorted keys. etviz reads it back (span_json_reader.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/analysis/regions/span_tree.h"
#include "gotrace/io/output.h"

namespace gotrace::commands {

// Times: StartNs counts from the trace's first event (`traceStart`, in
// absolute trace time, TraceTables::traceStart), as the original's did;
// StartTs and EndTs are the span's start and end in absolute trace time,
// the time etgrep prints. Offsets (StartRun, ...) count from StartNs.
//
// {"G":..,"Kind":..,("Handler":.., for server regions that have one),"StartNs":..,"LengthNs":..,"StartTs":..,"EndTs":..,"StartRun":[..],"StartAssist":{..},"StartWait":{..},"Caused":[..]}
void appendSpanJson(std::string& out, const Span& span, int64_t traceStart);
// {"LengthNs":..,"TotalRunNs":..,"TotalAssistNs":{..},"FlatRunNs":..,"FlatAssistNs":{..},"FlatWaitNs":{..},"Flat":{..},"Root":{..}}
void appendTreeSummaryJson(std::string& out, const TreeSummary& summary, const Span& root, int64_t traceStart);

// The number of spans on the longest path from `span` down, itself included.
size_t spanTreeDepth(const Span& span);

// Flat form (-flat), for trees too deep for JSON readers such as jq: one
// span per line, {"id":..,"parent":..(null for the root),"G":..,...,"Caused":null},
// root first, then depth first. Ids count up from `nextId` across the output.
void appendFlatSpansJson(std::string& out, const Span& root, uint64_t& nextId, int64_t traceStart);
// A tree summary whose "Root" is the root span alone (with "id" and "parent"
// null) and whose "Spans" lists the rest of the tree in flat form.
void appendFlatTreeSummaryJson(std::string& out, const TreeSummary& summary, const Span& root, uint64_t& nextId,
                               int64_t traceStart);

// The same for tree `root` of a forest, written as the forest is walked: the
// tree is never built. `progress` runs after each span (to flush `out`).
void appendSpanJson(std::string& out, const SpanForest& forest, size_t root, int64_t traceStart,
                    const std::function<void()>& progress);
void appendFlatSpansJson(std::string& out, const SpanForest& forest, size_t root, uint64_t& nextId, int64_t traceStart,
                         const std::function<void()>& progress);
// A summary line (`flat`: as appendFlatTreeSummaryJson writes it). The
// summary needs the whole tree before its first byte: the tree's JSON is
// held aside meanwhile.
void writeTreeSummaryJson(OutputBuffer& out, const SpanForest& forest, size_t root, bool flat, uint64_t& nextId,
                          int64_t traceStart);

// Writes a tree one span at a time, in SpanForest::walk's order: enter()
// each span with its number of children, leave() it after them.
class SpanJsonWriter {
 public:
  // appendSpanJson's form.
  static SpanJsonWriter nested(std::string& out, int64_t traceStart);
  // The root (parent null), then `afterRoot`, then every other span
  // followed by `separator`; ids count up from `nextId`.
  static SpanJsonWriter flat(std::string& out, int64_t traceStart, uint64_t& nextId, std::string_view afterRoot,
                             char separator);

  void enter(const Span& span, size_t children);
  void leave();
  // Spans written after the root (flat form).
  size_t descendants() const { return descendants_; }

 private:
  SpanJsonWriter(std::string& out, int64_t traceStart, uint64_t* nextId, std::string_view afterRoot, char separator)
      : out_(out), traceStart_(traceStart), nextId_(nextId), afterRoot_(afterRoot), separator_(separator) {}
  std::string& out_;
  int64_t traceStart_;
  uint64_t* nextId_;  // null: nested
  std::string afterRoot_;
  char separator_;
  // Per open span: nested, the children written so far; flat, its id.
  std::vector<uint64_t> open_;
  std::vector<bool> hasChildren_;  // nested: per open span
  size_t descendants_ = 0;
};

}  // namespace gotrace::commands
