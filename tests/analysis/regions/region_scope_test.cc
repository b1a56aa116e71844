// The sampling oscilloscope's placing: samples placed in TLS handshakes of
// real traces.
#include "gotrace/analysis/regions/region_scope.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gotrace/pprof/profile_reader.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

std::string traceOf(const std::string& name) { return testdataDir() + "/traces/" + name + ".trace"; }

class TlsHandshakes : public ::testing::TestWithParam<std::string> {};

TEST_P(TlsHandshakes, OneRegionPerHandshakeAndSamplesInside) {
  std::ifstream tf(testdataDir() + "/truth/" + GetParam() + ".json");
  const int64_t handshakes = nlohmann::json::parse(tf)["counters"]["tls_handshakes_client"];
  auto reader = TraceReader::open(Input::open(traceOf(GetParam())));
  const GoroutineTimelines t = GoroutineTimelines::read(*reader);
  const RegionPatterns patterns = RegionPatterns::builtin();
  const RegionSet regions = RegionSet::find(t, patterns);
  int64_t found = 0;
  for (const Region& r : regions.regions()) found += regions.kind(r) == "client/tls_handshake";
  EXPECT_EQ(found, handshakes);
  const auto placed = placeSamples(regions, "client/tls_handshake");
  EXPECT_GT(placed.size(), 0u) << "every corpus trace has samples in some handshake";
  for (const PlacedSample& p : placed) {
    const Region& r = regions.regions()[p.region];
    const TimelineSample& s = t.sample(p.sample);
    EXPECT_EQ(s.g, r.g);
    EXPECT_GE(p.frac, 0.0);
    EXPECT_LE(p.frac, 1.0);
    EXPECT_EQ(p.offset, s.time - t.event(r.first).time);
    EXPECT_LE(s.time, t.event(r.last).time);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, TlsHandshakes,
                         ::testing::Values("httpserver_go1.19", "httpserver_go1.21", "httpserver_go1.22",
                                           "httpserver_go1.23", "httpserver_go1.24", "httpserver_go1.26"));

}  // namespace
}  // namespace gotrace::testing
