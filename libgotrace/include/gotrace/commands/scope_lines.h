// scope's output lines, written by scope and read back by scope_chart: one
// per placed sample, as text (`start S length L frac F stack root;...;leaf`,
// as the original scope_tls printed it) or as a JSON object (-json).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/render/scope_chart_svg.h"

namespace gotrace::commands {

struct ScopeLine {
  std::string_view trace;  // the trace's name (JSON only)
  std::string_view kind;   // the region kind (JSON only)
  int64_t goroutine = 0;   // (JSON only)
  int64_t regionStart = 0;   // ns since the trace's first event
  int64_t regionLength = 0;  // ns
  int64_t offset = 0;        // ns from the region's start (JSON only)
  double frac = 0;           // offset / length
  std::vector<std::string_view> stack;  // function names, root first
  int64_t traceStart = 0;  // the trace's first event in absolute trace time (JSON: the _ts fields)
};

void appendScopeText(std::string& out, const ScopeLine& line);
void appendScopeJson(std::string& out, const ScopeLine& line);

// Text lines follow a comment line saying the time base (render/time_base.h).
// JSON: region_start (ns since the trace's first event), region_length,
// offset (from the region's start) and frac as in text, then region_start_ts
// and sample_ts, the region's start and the sample's time in absolute trace
// time (as etgrep prints times).
//
// Reads scope's output, text or JSON lines, for the chart. Comment lines
// (`#`) are passed over; other lines it cannot read are skipped and counted
// in `skipped`.
std::vector<ScopeSample> readScopeSamples(std::string_view text, size_t& skipped);

}  // namespace gotrace::commands
