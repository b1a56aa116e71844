#include "gotrace/render/latency_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "gotrace/base/xml_text.h"
#include "gotrace/render/latency_text.h"

namespace gotrace {
namespace {

constexpr int kLabelWidth = 360;  // row labels, left of the plot
constexpr int kPlotWidth = 640;
constexpr int kRowHeight = 56;
constexpr int kBarArea = 40;      // bar height of a row's fullest bucket
constexpr int kTop = 28;          // title
constexpr int kAxis = 32;         // tick labels below the rows

// The shared axis: log10 of nanoseconds from `lo` to `hi` (decades).
struct Axis {
  double lo = 0, hi = 1;
  double x(int64_t ns) const {
    const double v = std::log10(double(std::max<int64_t>(ns, 1)));
    return kLabelWidth + (v - lo) / (hi - lo) * kPlotWidth;
  }
};

}  // namespace

std::string latencySvg(const std::vector<LatencyDistribution>& distributions) {
  // The axis covers every row's buckets, whole decades. Bucket 0 ([0, 1ns))
  // is drawn as [1ns, 2ns)'s left neighbour: from 0.5ns.
  int lowest = std::numeric_limits<int>::max(), highest = 0;
  for (const auto& d : distributions) {
    for (const auto& b : d.buckets()) {
      lowest = std::min(lowest, b.bucket);
      highest = std::max(highest, b.bucket);
    }
  }
  Axis axis;
  if (lowest <= highest) {
    const int64_t low = latencyBucketLow(std::max(lowest, 1));
    const int64_t high = latencyBucketHigh(highest) == std::numeric_limits<int64_t>::max()
                             ? latencyBucketLow(highest) * 2
                             : latencyBucketHigh(highest);
    axis.lo = std::floor(std::log10(double(low))) - (lowest == 0 ? 1 : 0);
    axis.hi = std::max(axis.lo + 1, std::ceil(std::log10(double(high))));
  }
  auto leftOf = [&](int bucket) { return bucket == 0 ? kLabelWidth + 0.0 : axis.x(latencyBucketLow(bucket)); };
  auto rightOf = [&](int bucket) {
    const int64_t high = latencyBucketHigh(bucket);
    if (bucket == 0) return axis.x(1);
    return high == std::numeric_limits<int64_t>::max() ? double(kLabelWidth + kPlotWidth) : axis.x(high);
  };

  const int rows = int(distributions.size());
  const int width = kLabelWidth + kPlotWidth + 20;
  const int height = kTop + rows * kRowHeight + kAxis;
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                 "font-family=\"sans-serif\" font-size=\"11\">\n"
                 "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                 "<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">Latency: count per duration bucket "
                 "(log scale); p50 and p99 marked</text>\n",
                 width, height);

  // Decade grid lines and labels, shared by every row.
  out += "<g class=\"axis\" stroke=\"#ddd\">\n";
  for (int decade = int(axis.lo); decade <= int(axis.hi); decade++) {
    const double x = kLabelWidth + (decade - axis.lo) / (axis.hi - axis.lo) * kPlotWidth;
    int64_t ns = 1;
    for (int i = 0; i < decade; i++) ns *= 10;
    fmt::format_to(o,
                   "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\"/>"
                   "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" stroke=\"none\" fill=\"#333\">{4}</text>\n",
                   x, kTop, kTop + rows * kRowHeight, kTop + rows * kRowHeight + 16,
                   decade < 0 ? std::string("0") : shortDuration(ns));
  }
  out += "</g>\n";

  for (int r = 0; r < rows; r++) {
    const LatencyDistribution& d = distributions[size_t(r)];
    const int top = kTop + r * kRowHeight;
    const int base = top + kRowHeight - 8;
    out += "<g class=\"row\" data-kind=\"";
    appendXmlText(out, latencyKindName(d.kind));
    out += "\" data-name=\"";
    appendXmlText(out, d.name);
    out += "\">\n";
    fmt::format_to(o, "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#999\"/>\n", kLabelWidth, base,
                   kLabelWidth + kPlotWidth);
    out += fmt::format("<text x=\"8\" y=\"{}\" font-weight=\"bold\">", top + 20);
    appendXmlText(out, latencyKindName(d.kind));
    out += ' ';
    // Long names (handlers) are cut for the label; the row's data-name has all of it.
    const std::string shown = d.name.size() > 48 ? d.name.substr(0, 47) + "\u2026" : d.name;
    appendXmlText(out, shown);
    out += "<title>";
    appendXmlText(out, d.name);
    out += "</title></text>\n";
    fmt::format_to(o, "<text x=\"8\" y=\"{}\" fill=\"#555\">n={} p50={} p99={} max={}</text>\n", top + 36,
                   d.count(), shortDuration(d.percentile(500)), shortDuration(d.percentile(990)),
                   shortDuration(d.max()));
    const std::vector<LatencyBucketCount> buckets = d.buckets();
    size_t most = 1;
    for (const auto& b : buckets) most = std::max(most, b.count);
    for (const auto& b : buckets) {
      const double x0 = leftOf(b.bucket), x1 = rightOf(b.bucket);
      const double h = std::max(1.0, double(b.count) / double(most) * kBarArea);
      fmt::format_to(o,
                     "<rect class=\"bar\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" "
                     "fill=\"#4a7ebb\" stroke=\"white\" stroke-width=\"0.5\" data-from-ns=\"{}\" data-to-ns=\"{}\" "
                     "data-count=\"{}\"><title>[{}, {}): {}</title></rect>\n",
                     x0, base - h, std::max(0.5, x1 - x0), h, latencyBucketLow(b.bucket), latencyBucketHigh(b.bucket),
                     b.count, shortDuration(latencyBucketLow(b.bucket)), shortDuration(latencyBucketHigh(b.bucket)),
                     b.count);
    }
    for (const auto& [perMille, colour] : {std::pair{500, "#2a2"}, std::pair{990, "#d22"}}) {
      if (d.count() == 0) break;
      const double x = axis.x(d.percentile(perMille));
      fmt::format_to(o,
                     "<line class=\"p{}\" x1=\"{:.2f}\" y1=\"{}\" x2=\"{:.2f}\" y2=\"{}\" stroke=\"{}\" "
                     "stroke-width=\"2\"/>\n",
                     perMille == 500 ? "50" : "99", x, top + 4, x, base, colour);
    }
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace gotrace
