// etviz's picture: geometry worked out by hand on small inputs, reading the
// JSON back (and its errors), and real traces rendered by headless Chromium
// with colours counted on the screenshot.
#include "gotrace/render/request_bands_svg.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "gotrace/base/error.h"
#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_causes.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/commands/span_json_reader.h"
#include "support/png_image.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using commands::readSpanTreesJson;

using namespace bands;

struct Rect {
  int x, y, width;
  std::string fill;
  bool operator==(const Rect&) const = default;
};
std::ostream& operator<<(std::ostream& o, const Rect& r) {
  return o << "{" << r.x << "," << r.y << "," << r.width << "," << r.fill << "}";
}

// The band rectangles (height kBar) of an SVG, in document order.
std::vector<Rect> bandRects(const std::string& svg) {
  std::vector<Rect> out;
  static const std::regex re("<rect x=\"(-?\\d+)\" y=\"(\\d+)\" width=\"(\\d+)\" height=\"5\" fill=\"(\\w+)\"/>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back({std::stoi((*it)[1]), std::stoi((*it)[2]), std::stoi((*it)[3]), (*it)[4]});
  }
  return out;
}

// Two requests, times in ns:
//  g1 from 1 ms for 4 ms: runs, waits on the network from +1 ms, runs again from +3 ms.
//  g2 from 3 ms for 2 ms: runs, waits in select from +0.5 ms. It made g3,
//     which runs from 3.5 ms and waits on the network from 3.75 ms to 4.5 ms.
// In g2's flat view, g3's network wait comes before g2's select where they
// overlap: running 3-3.75 ms, network 3.75-4.5 ms, select 4.5-5 ms.
constexpr std::string_view kTwoRequests = R"({"G":1,"Kind":"server/http","StartNs":1000000,"LengthNs":4000000,"StartRun":[0,3000000],"StartAssist":{},"StartWait":{"net":[1000000]},"Caused":null}
{"G":2,"Kind":"server/http","StartNs":3000000,"LengthNs":2000000,"StartRun":[0],"StartAssist":{},"StartWait":{"select":[500000]},
 "Caused":[{"G":3,"Kind":"main.worker","StartNs":3500000,"LengthNs":1000000,"StartRun":[0],"StartAssist":{},"StartWait":{"net":[250000]},"Caused":null}]}
)";

TEST(RequestBands, CollapsedGeometryFromTimes) {
  const std::string svg = renderRequestBandsSvg(selectRequestTrees(readSpanTreesJson(kTwoRequests), ""), {});
  // Section 1 spans 1 ms .. 5 ms: 250 px per ms. Section 2 spans the longest
  // request, 4 ms: also 250 px per ms, each request from x 0.
  const int y0 = bandsTop(0, 2 * kBar), y1 = bandsTop(1, 2 * kBar);
  EXPECT_EQ(y0, kHeader + kSectionHead);
  EXPECT_EQ(bandRects(svg), (std::vector<Rect>{
                                // g1 at 0 ms: running 0-1 ms, network 1-3 ms, running 3-4 ms
                                {kLeft + 0, y0, 250, "black"},
                                {kLeft + 250, y0, 500, "yellow"},
                                {kLeft + 750, y0, 250, "black"},
                                // g2 at 2 ms: running to 2.75 ms (687.5 px, floored), network to 3.5 ms, select
                                {kLeft + 500, y0 + kBar, 187, "black"},
                                {kLeft + 687, y0 + kBar, 188, "yellow"},
                                {kLeft + 875, y0 + kBar, 125, "magenta"},
                                {kLeft + 0, y1, 250, "black"},
                                {kLeft + 250, y1, 500, "yellow"},
                                {kLeft + 750, y1, 250, "black"},
                                {kLeft + 0, y1 + kBar, 187, "black"},
                                {kLeft + 187, y1 + kBar, 188, "yellow"},
                                {kLeft + 375, y1 + kBar, 125, "magenta"},
                            }));
  EXPECT_NE(svg.find("<title>server/http g=2: at 3.000 ms, lasting 2.000 ms; on CPU 0.750 ms (38%), network 0.750 ms "
                     "(38%), in select 0.500 ms (25%); goroutines&#39; total CPU time 0.750 ms</title>"),
            std::string::npos);
  const std::string height = std::to_string(bandsTop(1, 2 * kBar) + 2 * kBar + kBottom);
  EXPECT_NE(svg.find("height=\"" + height + "\""), std::string::npos);
}

TEST(RequestBands, DetailsGeometry) {
  RequestBandsOptions details;
  details.details = true;
  const std::string svg = renderRequestBandsSvg(selectRequestTrees(readSpanTreesJson(kTwoRequests), ""), details);
  // Three bands (g1; g2 and its g3) and a separator between the trees.
  const int height = 3 * kBar + kTreeGap;
  const int y0 = bandsTop(0, height), y1 = bandsTop(1, height);
  EXPECT_EQ(bandRects(svg), (std::vector<Rect>{
                                {kLeft + 0, y0, 250, "black"},
                                {kLeft + 250, y0, 500, "yellow"},
                                {kLeft + 750, y0, 250, "black"},
                                {kLeft + 500, y0 + kBar + kTreeGap, 125, "black"},
                                {kLeft + 625, y0 + kBar + kTreeGap, 375, "magenta"},
                                {kLeft + 625, y0 + 2 * kBar + kTreeGap, 62, "black"},
                                {kLeft + 687, y0 + 2 * kBar + kTreeGap, 188, "yellow"},
                                {kLeft + 0, y1, 250, "black"},
                                {kLeft + 250, y1, 500, "yellow"},
                                {kLeft + 750, y1, 250, "black"},
                                {kLeft + 0, y1 + kBar + kTreeGap, 125, "black"},
                                {kLeft + 125, y1 + kBar + kTreeGap, 375, "magenta"},
                                // g3 counts from its tree's start (3 ms)
                                {kLeft + 125, y1 + 2 * kBar + kTreeGap, 62, "black"},
                                {kLeft + 187, y1 + 2 * kBar + kTreeGap, 188, "yellow"},
                            }));
  EXPECT_NE(svg.find("<rect x=\"10\" y=\"" + std::to_string(y0 + kBar) + "\" width=\"1000\" height=\"2\" fill=\"lightgrey\"/>"),
            std::string::npos);
}

TEST(RequestBands, ShortRunsAndSharedPixels) {
  // 1 ms over 1000 px: 1 us per pixel. A 1 ns run at 0 gets its one pixel,
  // but the runnable range that starts in the same pixel is drawn later and
  // takes it. The 1 ns run at the very end keeps its pixel.
  const std::string svg = renderRequestBandsSvg(
      readSpanTreesJson(R"({"G":7,"Kind":"k","StartNs":0,"LengthNs":1000000,"StartRun":[0,999999],"StartWait":{"cpu":[1]}})"),
      {});
  const int y = bandsTop(0, kBar);
  const auto rects = bandRects(svg);
  ASSERT_EQ(rects.size(), 4u);
  EXPECT_EQ(rects[0], (Rect{kLeft + 0, y, 999, "grey"}));
  EXPECT_EQ(rects[1], (Rect{kLeft + 999, y, 1, "black"}));
}

TEST(RequestBands, SelectsRequestsAndLeavesOutBackgroundReaders) {
  auto trees = readSpanTreesJson(R"(
{"LengthNs":5,"Root":{"G":1,"Kind":"server/http_read","StartNs":0,"LengthNs":5}}
{"LengthNs":9,"TotalRunNs":1,"Flat":{"G":2,"Kind":"x","StartNs":1,"LengthNs":1},"Root":{"G":2,"Kind":"server/http","StartNs":1,"LengthNs":9,
  "Caused":[{"G":3,"Kind":"net/http.(*connReader).backgroundRead","StartNs":2,"LengthNs":1,"Caused":[{"G":4,"Kind":"y","StartNs":2,"LengthNs":1}]},
            {"G":5,"Kind":"client/http_roundtrip","StartNs":3,"LengthNs":1}]}}
{"G":6,"Kind":"net/http.(*connReader).backgroundRead","StartNs":3,"LengthNs":1}
)");
  ASSERT_EQ(trees.size(), 3u);
  auto chosen = selectRequestTrees(trees, "");
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].goroutine, 2);
  ASSERT_EQ(chosen[0].caused.size(), 1u);
  EXPECT_EQ(chosen[0].caused[0].goroutine, 5);
  EXPECT_EQ(selectRequestTrees(trees, "^server/").size(), 2u);
  try {
    selectRequestTrees(trees, "dns");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "no span trees of a kind matching dns (the input has server/http, server/http_read)");
  }
  EXPECT_THROW(selectRequestTrees({}, ""), Error);
}

// Real requests, drawn and photographed: every colour's pixels in the
// durations section match the summarized times. Expected pixels for a
// colour: its nanoseconds * 1000 / (longest request) * 5 rows. Each range's
// ends are floored to whole pixels, which moves them by under a pixel and
// mostly cancels out; what does not cancel is that a run shorter than a
// pixel loses its pixel to the wait drawn after it in the same column, so
// running shows a little less than it is. Allowed: 10% of the expected
// count plus two pixels per band (measured on these traces: running 2-4%
// short, the other colours within 0.3%). The share of running among the
// drawn pixels must match the on-CPU share within one percentage point.
class RenderedBands : public ::testing::TestWithParam<std::string> {};

TEST_P(RenderedBands, ColoursMatchTheSummaries) {
  const std::string browser = [] {
    for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (std::filesystem::exists(p)) return std::string(p);
    }
    return std::string();
  }();
  if (browser.empty()) GTEST_SKIP() << "Chromium not installed (apt-get install chromium)";

  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/" + GetParam() + ".trace"));
  const GoroutineTimelines t = GoroutineTimelines::read(*reader);
  const RegionPatterns patterns = RegionPatterns::builtin();
  const RegionSet regions = RegionSet::find(t, patterns);
  const RegionCauses causes = RegionCauses::link(regions);
  const SpanForest forest(causes);
  std::vector<Span> trees;
  for (size_t i = 0; i < forest.rootCount() && trees.size() < 150; i++) {
    Span s = forest.tree(i);
    if (s.kind == "server/http") trees.push_back(std::move(s));
  }
  ASSERT_EQ(trees.size(), 150u);
  std::string svg = renderRequestBandsSvg(trees, {});
  // Labels lie over the bands: leave them out of the photograph.
  svg = std::regex_replace(svg, std::regex("<text[^>]*font-size=\"4pt\"[^>]*>[^<]*</text>"), "");

  const auto dir = std::filesystem::temp_directory_path() / ("etviz_test_" + GetParam());
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "bands.svg") << svg;
  }
  const int bandsHeight = 150 * kBar;
  const int height = bandsTop(1, bandsHeight) + bandsHeight + kBottom;
  const std::string cmd = "timeout 120 " + browser +
                          " --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars"
                          " --force-device-scale-factor=1 --user-data-dir=" + (dir / "profile").string() +
                          " --window-size=" + std::to_string(kImageWidth) + "," + std::to_string(height) +
                          " --screenshot=" + (dir / "shot.png").string() + " file://" + (dir / "bands.svg").string() +
                          " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream png(dir / "shot.png", std::ios::binary);
  const PngImage img = decodePng(std::vector<uint8_t>(std::istreambuf_iterator<char>(png), {}));
  std::filesystem::remove_all(dir);
  ASSERT_EQ(img.width, uint32_t(kImageWidth));
  ASSERT_GE(img.height, uint32_t(height));

  struct Colour {
    std::string name;
    uint8_t r, g, b;
    double expectedNs = 0;
  };
  std::vector<Colour> colours = {
      {"running", 0, 0, 0}, {"runnable", 128, 128, 128}, {"network", 255, 255, 0}, {"other", 255, 0, 255},
      {"assist", 127, 255, 0}};
  int64_t longest = 0;
  for (const Span& s : trees) longest = std::max(longest, s.lengthNs);
  for (const Span& s : trees) {
    const TreeSummary sum = summarize(s);
    int64_t assist = 0;
    for (const auto& [k, v] : sum.flatAssistNs) assist += v;
    colours[0].expectedNs += double(sum.flatRunNs - assist);
    colours[4].expectedNs += double(assist);
    for (const auto& [reason, ns] : sum.flatWaitNs) {
      Colour& c = reason == "cpu" ? colours[1] : reason == "net" ? colours[2] : colours[3];
      c.expectedNs += double(ns);
    }
  }
  const uint32_t top = uint32_t(bandsTop(1, bandsHeight));
  double runShare = 0, total = 0;
  for (Colour& c : colours) {
    int64_t seen = 0;
    for (uint32_t y = top; y < top + uint32_t(bandsHeight); y++) {
      for (uint32_t x = kLeft; x < uint32_t(kLeft + kAxisWidth); x++) {
        const uint8_t* p = img.at(x, y);
        seen += p[0] == c.r && p[1] == c.g && p[2] == c.b;
      }
    }
    const double expected = c.expectedNs * kAxisWidth / double(longest) * kBar;
    const double tolerance = 0.1 * expected + 2.0 * kBar * double(trees.size());
    EXPECT_NEAR(double(seen), expected, tolerance) << GetParam() << " " << c.name;
    if (c.name == "running") runShare = double(seen);
    total += double(seen);
  }
  // The on-CPU share of the drawn time is what the summaries say.
  double runNs = colours[0].expectedNs, allNs = 0;
  for (const Colour& c : colours) allNs += c.expectedNs;
  EXPECT_NEAR(runShare / total, runNs / allNs, 0.01) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Corpus, RenderedBands, ::testing::Values("httpserver_go1.19", "httpserver_go1.26"));

}  // namespace
}  // namespace gotrace::testing
