#include "gotrace/render/latency_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>

#include "gotrace/base/go_duration.h"
#include "gotrace/base/json_text.h"

namespace gotrace {
namespace {

constexpr int kBarWidth = 40;
constexpr int kPerMille[] = {500, 900, 990, 999};

// A bucket bound (1, 2 or 5 times a power of ten) exactly: 500ns, 2µs, 10ms, 1s.
std::string boundLabel(int64_t ns) {
  if (ns == std::numeric_limits<int64_t>::max()) return "inf";
  if (ns >= 1000000000 && ns % 1000000000 == 0) return fmt::format("{}s", ns / 1000000000);
  if (ns >= 1000000 && ns % 1000000 == 0) return fmt::format("{}ms", ns / 1000000);
  if (ns >= 1000 && ns % 1000 == 0) return fmt::format("{}µs", ns / 1000);
  return fmt::format("{}ns", ns);
}

std::string bucketLabel(int b) {
  return fmt::format("[{}, {})", boundLabel(latencyBucketLow(b)), boundLabel(latencyBucketHigh(b)));
}

// Terminal columns of a label: µ is two bytes, one column.
size_t columns(std::string_view s) { return s.size() - size_t(std::count(s.begin(), s.end(), '\xc2')); }

}  // namespace

std::string shortDuration(int64_t ns) {
  if (ns < 0) {
    std::string out(1, '-');
    out += shortDuration(-ns);
    return out;
  }
  if (ns < 1000) return fmt::format("{}ns", ns);
  struct Unit {
    double ns;
    const char* name;
  };
  constexpr Unit kUnits[] = {{1e3, "µs"}, {1e6, "ms"}, {1e9, "s"}};
  const Unit* unit = &kUnits[0];
  for (const Unit& u : kUnits) {
    if (double(ns) >= u.ns) unit = &u;
  }
  const double v = double(ns) / unit->ns;
  // Rounded as printed: 999.96µs prints as 1000µs, not 1.00ms; that is fine.
  if (v < 10) return fmt::format("{:.2f}{}", v, unit->name);
  if (v < 100) return fmt::format("{:.1f}{}", v, unit->name);
  return fmt::format("{:.0f}{}", v, unit->name);
}

void appendLatencyText(std::string& out, const std::vector<LatencyDistribution>& distributions, int64_t traceStart) {
  auto o = std::back_inserter(out);
  size_t nameWidth = 4;
  for (const auto& d : distributions) nameWidth = std::max(nameWidth, d.name.size());
  fmt::format_to(o, "{:<8} {:<{}} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n", "KIND", "NAME", nameWidth, "COUNT",
                 "MIN", "P50", "P90", "P99", "P99.9", "MAX");
  for (const auto& d : distributions) {
    fmt::format_to(o, "{:<8} {:<{}} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n", latencyKindName(d.kind), d.name,
                   nameWidth, d.count(), shortDuration(d.min()), shortDuration(d.percentile(500)),
                   shortDuration(d.percentile(900)), shortDuration(d.percentile(990)),
                   shortDuration(d.percentile(999)), shortDuration(d.max()));
  }
  for (const auto& d : distributions) {
    fmt::format_to(o, "\n{} {}: {}\n", latencyKindName(d.kind), d.name, d.count());
    const std::vector<LatencyBucketCount> buckets = d.buckets();
    size_t most = 1;
    size_t labelWidth = 0;
    for (const auto& b : buckets) {
      most = std::max(most, b.count);
      labelWidth = std::max(labelWidth, columns(bucketLabel(b.bucket)));
    }
    for (const auto& b : buckets) {
      const std::string label = bucketLabel(b.bucket);
      // Bars round up: a bucket with anything in it shows.
      const size_t width = (b.count * kBarWidth + most - 1) / most;
      std::string bar;
      for (size_t i = 0; i < width; i++) bar += "\u2588";  // FULL BLOCK
      fmt::format_to(o, "  {}{} {:>8} {}\n", label, std::string(labelWidth - columns(label), ' '),
                     b.count, bar);
    }
    if (!d.slowest.empty()) {
      out += "  slowest (start: since the trace's first event, as etgrep -start takes it):\n";
      for (const LatencyInstance& s : d.slowest) {
        fmt::format_to(o, "    {:>8}  goroutine {}  start {}\n", shortDuration(s.duration),
                       s.goroutine, formatGoDuration(s.start - traceStart));
      }
    }
  }
}

void appendLatencyJson(std::string& out, const LatencyDistribution& d, int64_t traceStart) {
  auto o = std::back_inserter(out);
  out += "{\"kind\":";
  appendJsonString(out, latencyKindName(d.kind));
  out += ",\"name\":";
  appendJsonString(out, d.name);
  fmt::format_to(o, ",\"count\":{},\"min_ns\":{}", d.count(), d.min());
  const char* names[] = {"p50_ns", "p90_ns", "p99_ns", "p999_ns"};
  for (size_t i = 0; i < std::size(kPerMille); i++) fmt::format_to(o, ",\"{}\":{}", names[i], d.percentile(kPerMille[i]));
  fmt::format_to(o, ",\"max_ns\":{},\"buckets\":[", d.max());
  bool first = true;
  for (const auto& b : d.buckets()) {
    if (!first) out += ',';
    first = false;
    fmt::format_to(o, "{{\"from_ns\":{},\"to_ns\":{},\"count\":{}}}", latencyBucketLow(b.bucket),
                   latencyBucketHigh(b.bucket), b.count);
  }
  out += ']';
  if (!d.slowest.empty()) {
    out += ",\"slowest\":[";
    first = true;
    for (const LatencyInstance& s : d.slowest) {
      if (!first) out += ',';
      first = false;
      out += "{\"duration_ns\":" + std::to_string(s.duration) + ",\"goroutine\":" + std::to_string(s.goroutine) +
             ",\"start\":";
      appendJsonString(out, formatGoDuration(s.start - traceStart));
      fmt::format_to(o, ",\"since_start_ns\":{},\"time_ns\":{}}}", s.start - traceStart, s.start);
    }
    out += ']';
  }
  out += "}\n";
}

}  // namespace gotrace
