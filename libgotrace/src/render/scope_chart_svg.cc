#include "gotrace/render/scope_chart_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
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

bool inRuntime(std::string_view func) {
  return func.starts_with("runtime.") || func.starts_with("internal/runtime/") || func.starts_with("runtime/internal/");
}

// The lane key of a stack (root first).
std::vector<std::string> laneKey(const std::vector<std::string>& stack, ScopeLanes lanes) {
  if (stack.empty()) return {"(no stack)"};
  switch (lanes) {
    case ScopeLanes::Leaf: return {stack.back()};
    case ScopeLanes::Function:
      for (auto f = stack.rbegin(); f != stack.rend(); ++f) {
        if (!inRuntime(*f)) return {*f};
      }
      return {stack.back()};
    case ScopeLanes::Stack: break;
  }
  return stack;
}

}  // namespace

std::optional<ScopeLanes> parseScopeLanes(std::string_view name) {
  if (name == "leaf") return ScopeLanes::Leaf;
  if (name == "function") return ScopeLanes::Function;
  if (name == "stack") return ScopeLanes::Stack;
  return std::nullopt;
}

std::string renderScopeChartSvg(const std::vector<ScopeSample>& samples, ScopeLanes laneBy) {
  if (samples.empty()) throw Error("no samples to draw (want scope's output: text or -json lines)");
  // Lanes: by key, sorted (a stack frame by frame, root first).
  std::map<std::vector<std::string>, std::vector<double>> lanes;
  for (const ScopeSample& s : samples) lanes[laneKey(s.stack, laneBy)].push_back(s.frac);
  const int height = kTop + kLane * int(lanes.size()) + 10;
  // Labels are whole, on one line: the picture is as wide as the longest.
  size_t longest = 0;
  for (const auto& [key, fracs] : lanes) longest = std::max(longest, join(key, 0, key.size(), ";").size());
  const int width = std::max(kImageWidth, kLeft + int(std::ceil(double(longest) * kLabelByteWidth)) + 2 * kLeft);

  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "<?xml version=\"1.0\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                 "font-family=\"sans-serif\">\n<title>{2} samples in {3} {5}</title>\n"
                 "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                 "<text x=\"{4}\" y=\"12\" font-size=\"11\" fill=\"black\">{2} samples in {3} {5}, at their "
                 "position in the region</text>\n",
                 width, height, samples.size(), lanes.size(), kLeft,
                 laneBy == ScopeLanes::Leaf ? "leaf functions" : laneBy == ScopeLanes::Function ? "functions" : "stacks");
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
    // The label, whole (a stack root first, frames joined by ';').
    fmt::format_to(std::back_inserter(out), "<text x=\"0\" y=\"7\" font-size=\"{}px\" fill=\"#888\">", kLabelFont);
    appendXmlText(out, join(stack, 0, stack.size(), ";"));
    out += "</text>\n</g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace gotrace
