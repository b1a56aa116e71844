// regiongraph's JSON: span trees and their summaries, one compact object
// per line, in the field order and conventions of the original regiongraph
// (Go's encoding/json): empty lists that were never filled are null, maps
// are objects with sorted keys. etviz reads it back (span_json_reader.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/analysis/regions/span_tree.h"

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

}  // namespace gotrace::commands
