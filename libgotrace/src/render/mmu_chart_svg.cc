#include "gotrace/render/mmu_chart_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gotrace/base/error.h"
#include "gotrace/base/go_duration.h"
#include "gotrace/base/xml_text.h"

namespace gotrace {

using namespace mmuchart;

std::string renderMmuChartSvg(const std::vector<MmuPoint>& points, std::string_view title) {
  if (points.empty()) throw Error("no windows to draw");
  int64_t lo = points.front().windowNs, hi = lo;
  for (const MmuPoint& p : points) {
    if (p.windowNs <= 0) throw Error("a window of " + std::to_string(p.windowNs) + " ns has no place on a log scale");
    lo = std::min(lo, p.windowNs);
    hi = std::max(hi, p.windowNs);
  }
  // The log axis spans whole decades around the windows.
  const double decadeLo = std::floor(std::log10(double(lo)));
  const double decadeHi = std::max(decadeLo + 1, std::ceil(std::log10(double(hi))));
  auto x = [&](int64_t w) { return kLeft + kPlotWidth * (std::log10(double(w)) - decadeLo) / (decadeHi - decadeLo); };
  auto y = [&](double u) { return kTop + kPlotHeight * (1 - u); };

  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "<?xml version=\"1.0\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                 "font-family=\"sans-serif\">\n<title>",
                 kImageWidth, kImageHeight);
  appendXmlText(out, title);
  out += "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  fmt::format_to(std::back_inserter(out), "<text x=\"{}\" y=\"20\" font-size=\"12\" fill=\"black\">", kLeft);
  appendXmlText(out, title);
  out += "</text>\n";
  // Utilization gridlines and labels.
  out += "<g font-size=\"10\" fill=\"#333\" stroke=\"#ddd\" stroke-width=\"1\">\n";
  for (int q = 0; q <= 4; q++) {
    const double u = q / 4.0;
    fmt::format_to(std::back_inserter(out),
                   "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\"/><text x=\"{3}\" y=\"{4:.1f}\" "
                   "text-anchor=\"end\" stroke=\"none\">{5}</text>\n",
                   kLeft, y(u), kLeft + kPlotWidth, kLeft - 6, y(u) + 3, u);
  }
  // Decades of window length.
  for (int d = int(decadeLo); d <= int(decadeHi); d++) {
    const auto w = int64_t(std::llround(std::pow(10.0, d)));
    fmt::format_to(std::back_inserter(out),
                   "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\"/><text x=\"{0:.1f}\" y=\"{3}\" "
                   "text-anchor=\"middle\" stroke=\"none\">{4}</text>\n",
                   x(w), kTop, kTop + kPlotHeight, kTop + kPlotHeight + 14, formatGoDuration(w));
  }
  fmt::format_to(std::back_inserter(out),
                 "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" stroke=\"none\">window (log scale)</text>\n"
                 "<text x=\"12\" y=\"{}\" text-anchor=\"middle\" stroke=\"none\" transform=\"rotate(-90 12 {})\">"
                 "minimum mutator utilization</text>\n</g>\n",
                 kLeft + kPlotWidth / 2, kTop + kPlotHeight + 32, kTop + kPlotHeight / 2, kTop + kPlotHeight / 2);
  // The curve, then a dot per window.
  out += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"";
  for (size_t i = 0; i < points.size(); i++) {
    fmt::format_to(std::back_inserter(out), "{}{:.1f},{:.1f}", i ? " " : "", x(points[i].windowNs), y(points[i].mmu));
  }
  out += "\"/>\n<g fill=\"#1f77b4\">\n";
  for (const MmuPoint& p : points) {
    fmt::format_to(std::back_inserter(out), "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\"><title>{}: {:.4f}</title></circle>\n",
                   x(p.windowNs), y(p.mmu), formatGoDuration(p.windowNs), p.mmu);
  }
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace gotrace
