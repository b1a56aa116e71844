#include "gotrace/render/scope_chart_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "gotrace/base/error.h"
#include "gotrace/base/xml_text.h"

namespace gotrace {
namespace {

using namespace scopechart;

std::string join(const std::vector<std::string>& v, size_t from, size_t to, std::string_view sep) {
  std::string out;
  for (size_t i = from; i < to && i < v.size(); i++) {
    if (i > from) out += sep;
    out += v[i];
  }
  return out;
}

}  // namespace

std::string renderScopeChartSvg(const std::vector<ScopeSample>& samples) {
  if (samples.empty()) throw Error("no samples to draw (want scope's output: text or -json lines)");
  // Lanes: distinct stacks, root first, sorted frame by frame.
  std::map<std::vector<std::string>, std::vector<double>> lanes;
  for (const ScopeSample& s : samples) lanes[s.stack].push_back(s.frac);
  const int height = kTop + kLane * int(lanes.size()) + 10;

  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "<?xml version=\"1.0\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                 "font-family=\"sans-serif\">\n<title>{2} samples in {3} stacks</title>\n"
                 "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                 "<text x=\"{4}\" y=\"12\" font-size=\"11\" fill=\"black\">{2} samples in {3} stacks, at their "
                 "position in the region</text>\n",
                 kImageWidth, height, samples.size(), lanes.size(), kLeft);
  // Axis: 0% .. 100%, with guide lines through the lanes.
  out += "<g font-size=\"8\" fill=\"#333\" stroke=\"#ccc\" stroke-width=\"0.5\">\n";
  for (int pct = 0; pct <= 100; pct += 10) {
    const int x = kLeft + kScreen * pct / 100;
    fmt::format_to(std::back_inserter(out),
                   "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/><text x=\"{0}\" y=\"{3}\" text-anchor=\"{4}\" "
                   "stroke=\"none\">{5}%</text>\n",
                   x, kTop - 4, height - 10, kTop - 8, pct == 0 ? "start" : pct == 100 ? "end" : "middle", pct);
  }
  out += "</g>\n";
  int lane = 0;
  for (const auto& [stack, fracs] : lanes) {
    const int y = kTop + kLane * lane++;
    out += fmt::format("<g transform=\"translate({},{})\"><title>", kLeft, y);
    appendXmlText(out, fmt::format("{} samples\n{}", fracs.size(), join(stack, 0, stack.size(), "\n")));
    out += "</title>\n";
    fmt::format_to(std::back_inserter(out),
                   "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", kScreen, kLane,
                   lane % 2 ? "#f7f7f7" : "white");
    for (double f : fracs) {
      fmt::format_to(std::back_inserter(out),
                     "<rect x=\"{}\" y=\"8\" width=\"{}\" height=\"{}\" fill=\"black\" opacity=\"0.5\"/>\n",
                     int(kScreen * f) - kMark / 2, kMark, kMark);
    }
    // The stack's first five frames at the left; the rest at the right.
    out += "<text x=\"0\" y=\"7\" font-size=\"7px\" fill=\"#888\">";
    appendXmlText(out, stack.size() <= 5 ? join(stack, 0, 5, ";") : join(stack, 0, 5, ";") + " ...");
    out += "</text>\n";
    if (stack.size() > 5) {
      const size_t rest = stack.size() - 5;
      std::string tail = rest > 5 ? fmt::format("... [skip {}] ... {}", rest - 5, join(stack, stack.size() - 5, stack.size(), ";"))
                                  : "... " + join(stack, 5, stack.size(), ";");
      out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"7px\" fill=\"#888\" text-anchor=\"end\">", kScreen,
                         kLane - 2);
      appendXmlText(out, tail);
      out += "</text>\n";
    }
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace gotrace
