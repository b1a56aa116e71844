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
#include "gotrace/analysis/regions/region_scope.h"
#include "gotrace/commands/scope.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using namespace scopechart;

TEST(ScopeChart, ReadsTextAndJsonLines) {
  size_t skipped = 0;
  const auto samples = readScopeSamples(
      "start 5 length 10 frac 0.250000 stack runtime.goexit;main.main;main.a\n"
      "scope: a.trace: 3 regions\n"
      "\n"
      "{\"frac\":0.75,\"stack\":[\"runtime.goexit\",\"main.main\",\"main.b\"]}\n"
      "start 5 length 10 frac 1.5 stack main.main\n"
      "start 5 length 10 frac x stack main.main\n"
      "{\"frac\":\"no\"}\n",
      skipped);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(skipped, 4u);
  EXPECT_DOUBLE_EQ(samples[0].frac, 0.25);
  EXPECT_EQ(samples[0].stack, (std::vector<std::string>{"main.main", "main.a"}));  // runtime.goexit left out
  EXPECT_EQ(samples[1].stack, (std::vector<std::string>{"main.main", "main.b"}));
  EXPECT_THROW(renderScopeChartSvg({}), Error);
}

TEST(ScopeChart, LanesAndMarks) {
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

TEST(ScopeChart, LongStacksAreCut) {
  std::vector<std::string> stack;
  for (int i = 0; i < 12; i++) stack.push_back(fmt::format("f{}", i));
  const std::string svg = renderScopeChartSvg({{0.5, stack}});
  EXPECT_NE(svg.find(">f0;f1;f2;f3;f4 ...</text>"), std::string::npos);
  EXPECT_NE(svg.find(">... [skip 2] ... f7;f8;f9;f10;f11</text>"), std::string::npos);
}

// scopesplit's chart: the lanes through main.first have their marks on the
// left half, those through main.second on the right.
TEST(ScopeChart, TheSplitShows) {
  std::ifstream pf(testdataDir() + "/patterns/scopesplit.patterns");
  std::stringstream text;
  text << pf.rdbuf();
  RegionPatterns patterns;
  patterns.append(RegionPatterns::parse(text.str(), "scopesplit.patterns"));
  ScopeReport report(patterns, "scopesplit/work", ScopeReport::Format::Text);
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/scopesplit_go1.26.trace"));
  const auto path = std::filesystem::temp_directory_path() / "scope_chart_split.txt";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    OutputBuffer out(fileno(f));
    report.addTrace(*reader, "t", out);
    out.flush();
    std::fclose(f);
  }
  std::ifstream in(path);
  std::stringstream lines;
  lines << in.rdbuf();
  std::filesystem::remove(path);
  size_t skipped = 0;
  const std::string svg = renderScopeChartSvg(readScopeSamples(lines.str(), skipped));
  EXPECT_EQ(skipped, 0u);
  int left = 0, leftFirst = 0, right = 0, rightSecond = 0;
  static const std::regex lane("<g transform=\"translate\\(5,\\d+\\)\"><title>([^<]*)</title>");
  auto lanes = std::sregex_iterator(svg.begin(), svg.end(), lane);
  for (auto it = lanes; it != std::sregex_iterator(); ++it) {
    const std::string title = (*it)[1];
    const size_t from = size_t(it->position() + it->length());
    const size_t to = svg.find("</g>", from);
    static const std::regex mark("<rect x=\"(-?\\d+)\" y=\"8\"");
    const std::string body = svg.substr(from, to - from);
    for (auto m = std::sregex_iterator(body.begin(), body.end(), mark); m != std::sregex_iterator(); ++m) {
      const int center = std::stoi((*m)[1]) + kMark / 2;
      if (center < kScreen * 45 / 100) {
        left++;
        leftFirst += title.find("main.first") != std::string::npos;
      } else if (center > kScreen * 55 / 100) {
        right++;
        rightSecond += title.find("main.second") != std::string::npos;
      }
    }
  }
  EXPECT_GT(left, 100);
  EXPECT_GT(right, 100);
  // (Samples whose stack the profiler could not unwind have a lane of their own.)
  EXPECT_GE(leftFirst, left * 90 / 100);
  EXPECT_GE(rightSecond, right * 90 / 100);
}

}  // namespace
}  // namespace gotrace::testing
