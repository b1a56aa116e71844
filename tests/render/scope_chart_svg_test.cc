// scope_chart: reading scope's output and the chart's geometry.
#include "gotrace/render/scope_chart_svg.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "gotrace/base/error.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using namespace scopechart;

TEST(ScopeChartSvg, NothingToDraw) { EXPECT_THROW(renderScopeChartSvg({}, ScopeLanes::Leaf), Error); }


TEST(ScopeChartSvg, LanesAndMarks) {
  // Two stacks; "main.main;main.a" sorts before its extension and before "main.main;main.b".
  std::vector<ScopeSample> samples = {
      {0.5, {"main.main", "main.b"}},
      {0.0, {"main.main", "main.a"}},
      {1.0, {"main.main", "main.a", "x"}},
      {0.25, {"main.main", "main.a"}},
  };
  const std::string svg = renderScopeChartSvg(samples, ScopeLanes::Stack);
  std::vector<std::pair<int, std::string>> lanes;  // y, title
  static const std::regex lane("<g transform=\"translate\\(5,(\\d+)\\)\"><title>([^<]*)</title>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), lane); it != std::sregex_iterator(); ++it) {
    lanes.push_back({std::stoi((*it)[1]), (*it)[2]});
  }
  ASSERT_EQ(lanes.size(), 3u);
  EXPECT_EQ(lanes[0], std::make_pair(kTop, std::string("2 samples&#xA;main.main&#xA;main.a")));
  EXPECT_EQ(lanes[1], std::make_pair(kTop + kLane, std::string("1 samples&#xA;main.main&#xA;main.a&#xA;x")));
  EXPECT_EQ(lanes[2], std::make_pair(kTop + 2 * kLane, std::string("1 samples&#xA;main.main&#xA;main.b")));
  // Marks: 16 px squares centred at 800 * frac.
  std::vector<int> xs;
  static const std::regex mark("<rect x=\"(-?\\d+)\" y=\"8\" width=\"16\" height=\"16\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), mark); it != std::sregex_iterator(); ++it) {
    xs.push_back(std::stoi((*it)[1]));
  }
  EXPECT_EQ(xs, (std::vector<int>{-8, 192, 792, 392}));
  EXPECT_NE(svg.find("height=\"" + std::to_string(kTop + 3 * kLane + 10) + "\""), std::string::npos);
}

// The lanes' titles and labels, in order.
std::vector<std::string> laneTitles(const std::string& svg) {
  std::vector<std::string> titles;
  static const std::regex lane("<g transform=\"translate\\(5,\\d+\\)\"><title>([^<]*)</title>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), lane); it != std::sregex_iterator(); ++it) {
    titles.push_back((*it)[1]);
  }
  return titles;
}

std::vector<std::string> laneLabels(const std::string& svg) {
  std::vector<std::string> labels;
  static const std::regex label("<text x=\"0\" y=\"7\" font-size=\"7px\" fill=\"#888\">([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator(); ++it) {
    labels.push_back((*it)[1]);
  }
  return labels;
}

const std::vector<ScopeSample> kRuntimeLeaves = {
    {0.1, {"main.main", "main.a", "runtime.mallocgc"}},
    {0.2, {"main.main", "main.b", "runtime.mallocgc", "internal/runtime/atomic.Load"}},
    {0.3, {"main.main", "main.b"}},
    {0.4, {"runtime.gcBgMarkWorker", "runtime.scanobject"}},
};

TEST(ScopeChartSvg, LeafLanes) {
  // One lane per innermost frame, sorted by name.
  const std::string svg = renderScopeChartSvg(kRuntimeLeaves, ScopeLanes::Leaf);
  EXPECT_EQ(laneLabels(svg), (std::vector<std::string>{"internal/runtime/atomic.Load", "main.b", "runtime.mallocgc",
                                                       "runtime.scanobject"}));
  EXPECT_EQ(laneTitles(svg)[1], "1 samples&#xA;main.b");
}

TEST(ScopeChartSvg, FunctionLanesChargeTheRuntimeToItsCaller) {
  const std::string svg = renderScopeChartSvg(kRuntimeLeaves, ScopeLanes::Function);
  // main.a's malloc goes to main.a; main.b's malloc and its own sample to
  // main.b; a stack all in the runtime keeps its leaf.
  EXPECT_EQ(laneLabels(svg), (std::vector<std::string>{"main.a", "main.b", "runtime.scanobject"}));
  EXPECT_EQ(laneTitles(svg)[1], "2 samples&#xA;main.b");
}

TEST(ScopeChartSvg, LaneNames) {
  EXPECT_EQ(parseScopeLanes("leaf"), ScopeLanes::Leaf);
  EXPECT_EQ(parseScopeLanes("function"), ScopeLanes::Function);
  EXPECT_EQ(parseScopeLanes("stack"), ScopeLanes::Stack);
  EXPECT_EQ(parseScopeLanes("Leaf"), std::nullopt);
}

// The <svg> element's width attribute and its viewBox's width.
std::pair<int, int> svgWidths(const std::string& svg) {
  static const std::regex open("<svg [^>]*width=\"(\\d+)\" height=\"\\d+\" viewBox=\"0 0 (\\d+) \\d+\"");
  std::smatch m;
  if (!std::regex_search(svg, m, open)) return {0, 0};
  return {std::stoi(m[1]), std::stoi(m[2])};
}

TEST(ScopeChartSvg, LongLabelsAreWholeAndFit) {
  // A 300-byte function name: its label is written whole, and the picture
  // is wide enough for it at 0.6 em a character (wider than sans-serif's
  // letters on average), from the lane's left edge (5 px).
  const std::string name = "example.com/some/very/long/module/path/" + std::string(240, 'x') + ".Method";
  const std::string svg = renderScopeChartSvg({{0.5, {"main.main", name}}}, ScopeLanes::Leaf);
  EXPECT_EQ(laneLabels(svg), std::vector<std::string>{name});
  const auto [width, viewBox] = svgWidths(svg);
  EXPECT_EQ(width, viewBox);
  EXPECT_GE(width, 5 + int(double(name.size()) * 0.6 * 7));
  // A short one keeps the usual width.
  EXPECT_EQ(svgWidths(renderScopeChartSvg({{0.5, {"main.f"}}}, ScopeLanes::Leaf)).first, kImageWidth);
}

TEST(ScopeChartSvg, LongStacksAreWhole) {
  std::vector<std::string> stack;
  for (int i = 0; i < 60; i++) stack.push_back(fmt::format("pkg.function{}", i));
  const std::string svg = renderScopeChartSvg({{0.5, stack}}, ScopeLanes::Stack);
  std::string whole;
  for (const std::string& f : stack) whole += (whole.empty() ? "" : ";") + f;
  EXPECT_EQ(laneLabels(svg), std::vector<std::string>{whole});
  EXPECT_GE(svgWidths(svg).first, 5 + int(double(whole.size()) * 0.6 * 7));
}

}  // namespace
}  // namespace gotrace::testing
