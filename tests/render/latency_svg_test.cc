// etlatency's SVG, structurally: one row per distribution in order, one bar
// per non-empty bucket with its bucket's bounds and count, bars of one
// bucket at the same x in every row (one shared axis), x growing with the
// bucket, the p50 and p99 marks inside the plot, and the text escaped.
#include "gotrace/render/latency_svg.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <string>

namespace gotrace::testing {
namespace {

LatencyDistribution make(LatencyKind kind, std::string name, std::vector<int64_t> durations) {
  LatencyDistribution d;
  d.kind = kind;
  d.name = std::move(name);
  d.durations = std::move(durations);
  std::sort(d.durations.begin(), d.durations.end());  // as the analysis gives them
  return d;
}

std::vector<std::string> all(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[0].str());
  }
  return out;
}

double attr(const std::string& element, const std::string& name) {
  std::smatch m;
  const std::regex re(" " + name + "=\"([-0-9.]+)\"");
  if (!std::regex_search(element, m, re)) return -1;
  return std::stod(m[1].str());
}

TEST(LatencySvg, RowsBarsAndASharedAxis) {
  const std::vector<LatencyDistribution> dists = {
      make(LatencyKind::Task, "a<b>&\"c\"", {1500, 1600, 3000, 7000000}),
      make(LatencyKind::Sched, "runnable to running", {10, 1500, 1999, 2000, 120}),
      make(LatencyKind::Gc, "GC concurrent mark phase", {0, 5000000000}),
  };
  const std::string svg = latencySvg(dists);
  ASSERT_TRUE(svg.starts_with("<?xml"));
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_EQ(svg.find("a<b>"), std::string::npos);  // escaped
  EXPECT_NE(svg.find("data-name=\"a&lt;b&gt;&amp;&#34;c&#34;\""), std::string::npos);

  // Rows in order, each closed.
  const auto rows = all(svg, "<g class=\"row\"[^>]*>");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(rows[0].find("data-kind=\"task\""), std::string::npos);
  EXPECT_NE(rows[1].find("data-kind=\"sched\""), std::string::npos);
  EXPECT_NE(rows[2].find("data-kind=\"gc\""), std::string::npos);

  std::map<int64_t, double> xOfBucket;  // from_ns -> x, across rows
  double left = 1e9, right = -1;
  for (size_t r = 0; r < rows.size(); r++) {
    const size_t begin = svg.find(rows[r]);
    const size_t end = svg.find("</g>", begin);
    const std::string body = svg.substr(begin, end - begin);
    const auto bars = all(body, "<rect class=\"bar\"[^>]*>");
    const auto buckets = dists[r].buckets();
    ASSERT_EQ(bars.size(), buckets.size()) << r;
    double lastX = -1;
    size_t counted = 0;
    for (size_t b = 0; b < bars.size(); b++) {
      const int64_t from = int64_t(attr(bars[b], "data-from-ns"));
      EXPECT_EQ(from, latencyBucketLow(buckets[b].bucket));
      EXPECT_EQ(size_t(attr(bars[b], "data-count")), buckets[b].count);
      counted += size_t(attr(bars[b], "data-count"));
      const double x = attr(bars[b], "x");
      EXPECT_GT(x, lastX);  // buckets left to right
      EXPECT_GT(attr(bars[b], "width"), 0);
      lastX = x;
      if (auto [it, added] = xOfBucket.try_emplace(from, x); !added) {
        EXPECT_DOUBLE_EQ(it->second, x) << from;
      }
      left = std::min(left, x);
      right = std::max(right, x + attr(bars[b], "width"));
    }
    EXPECT_EQ(counted, dists[r].count());
    // p50 and p99 marks within the plot.
    for (const char* p : {"p50", "p99"}) {
      const auto marks = all(body, std::string("<line class=\"") + p + "\"[^>]*>");
      ASSERT_EQ(marks.size(), 1u) << p;
      EXPECT_GE(attr(marks[0], "x1"), left - 1);
    }
  }
  // [1µs, 2µs) and [2µs, 5µs) appear in two rows at one x each (checked
  // above), and the axis is logarithmic: from 1µs to 2µs is log10(2) /
  // log10(5000) of the way from 1µs to 5ms.
  ASSERT_TRUE(xOfBucket.contains(1000) && xOfBucket.contains(2000) && xOfBucket.contains(5000000));
  EXPECT_NEAR((xOfBucket[2000] - xOfBucket[1000]) / (xOfBucket[5000000] - xOfBucket[1000]),
              std::log10(2.0) / std::log10(5000.0), 1e-3);
  EXPECT_LE(right, 360 + 640 + 0.01);
}

TEST(LatencySvg, NoDistributions) {
  const std::string svg = latencySvg({});
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_TRUE(all(svg, "<g class=\"row\"").empty());
}

}  // namespace
}  // namespace gotrace::testing
