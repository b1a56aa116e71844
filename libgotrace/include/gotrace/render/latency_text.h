// etlatency's text and JSON lines: latency distributions (analysis/latency.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gotrace/analysis/latency.h"

namespace gotrace {

// A duration with three significant digits: 850ns, 12.3µs, 1.02ms, 4.50s.
std::string shortDuration(int64_t ns);

// A table (kind, name, count, min, p50, p90, p99, p99.9, max), then per
// distribution its histogram (one line per non-empty bucket, [low, high),
// count and a bar) and its slowest instances: duration, goroutine and start
// as a Go duration since the trace's first event (`traceStart`, the time
// base of etgrep's -start).
void appendLatencyText(std::string& out, const std::vector<LatencyDistribution>& distributions, int64_t traceStart);

// One JSON object (a line): kind, name, count, min_ns, p50_ns, p90_ns,
// p99_ns, p999_ns, max_ns, buckets [{from_ns, to_ns, count}] and, when the
// distribution kept any, slowest [{duration_ns, goroutine, start (Go duration
// since the trace's first event), since_start_ns, time_ns (trace clock)}].
void appendLatencyJson(std::string& out, const LatencyDistribution& distribution, int64_t traceStart);

}  // namespace gotrace
