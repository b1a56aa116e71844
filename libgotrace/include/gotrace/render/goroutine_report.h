// Text and JSON lines of a goroutine analysis (goroutine_analysis.h).
#pragma once

#include <string>

#include "gotrace/analysis/goroutines/goroutine_analysis.h"

namespace gotrace {

// One line per start function: count and summed times, with a header.
void appendGroupTable(std::string& out, const std::vector<GoroutineGroup>& groups, const StringTable& strings);
// One line per goroutine, with a header.
void appendGoroutineTable(std::string& out, const std::vector<GoroutineReport>& goroutines,
                          const StringTable& strings);
// A goroutine's times, one per line.
void appendGoroutineDetail(std::string& out, const GoroutineReport& g, const StringTable& strings,
                           int64_t traceStart);

// JSON lines: {"function":..., "count":..., "lifetime_ns":..., ...}
void appendGroupJson(std::string& out, const GoroutineGroup& group, const StringTable& strings);
// {"goroutine":N, "function":..., "appeared_ns":..., "first_run_ns":..., "ended_ns":...,
//  "appeared_ts":..., "first_run_ts":..., "ended_ts":..., ...}
// (_ns: times relative to the trace's first event, `traceStart`; _ts: the
// same in absolute trace time; null when there is none).
void appendGoroutineJson(std::string& out, const GoroutineReport& g, const StringTable& strings, int64_t traceStart);

}  // namespace gotrace
