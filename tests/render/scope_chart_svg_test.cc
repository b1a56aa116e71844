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

TEST(ScopeChartSvg, NothingToDraw) { EXPECT_THROW(renderScopeChartSvg({}), Error); }


TEST(ScopeChartSvg, LanesAndMarks) {
  // Two stacks; "main.main;main.a" sorts before its extension and before "main.main;main.b".
  std::vector<ScopeSample> samples = {
      {0.5, {"main.main", "main.b"}},
      {0.0, {"main.main", "main.a"}},
      {1.0, {"main.main", "main.a", "x"}},
      {0.25, {"main.main", "main.a"}},
  };
  const std::string svg = renderScopeChartSvg(samples);
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

TEST(ScopeChartSvg, LongStacksAreCut) {
  std::vector<std::string> stack;
  for (int i = 0; i < 12; i++) stack.push_back(fmt::format("f{}", i));
  const std::string svg = renderScopeChartSvg({{0.5, stack}});
  EXPECT_NE(svg.find(">f0;f1;f2;f3;f4 ...</text>"), std::string::npos);
  EXPECT_NE(svg.find(">... [skip 2] ... f7;f8;f9;f10;f11</text>"), std::string::npos);
}


}  // namespace
}  // namespace gotrace::testing
