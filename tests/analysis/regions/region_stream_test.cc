// Regions found while reading (RegionStream) are those RegionSet::find
// finds on the whole trace's timelines: on every testdata trace, with the
// built-in patterns and the testdata patterns, one read feeding both.
#include "gotrace/analysis/regions/region_stream.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_scope.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/trace/event_consumer.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using RegionTuple = std::tuple<int64_t, uint32_t, int64_t, int64_t>;  // goroutine, recognizer, first, last

std::vector<std::string> testdataTraces() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(testdataDir() + "/traces")) {
    if (e.path().extension() == ".trace") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The built-in patterns, the testdata ones and a derived recognizer made of
// regions that may overlap; with `ofDerived`, also one made of derived
// regions (RegionStream then derives at each goroutine's end, instead of
// as the regions come).
RegionPatterns testPatterns(bool ofDerived) {
  RegionPatterns p = RegionPatterns::load(true, {testdataDir() + "/patterns/flowcontrol.patterns",
                                                 testdataDir() + "/patterns/scopesplit.patterns"});
  p.append(RegionPatterns::parse("region test/after_roundtrip after client/http_roundtrip client/http_dial "
                                 "client/tls_handshake before client/http_roundtrip\n",
                                 "test"));
  if (ofDerived) {
    p.append(RegionPatterns::parse("region test/between_requests after server/http before server/http_read\n", "test"));
  }
  return p;
}

void expectSameRegions(const std::string& trace, const RegionPatterns& patterns, size_t storeEvery) {
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/" + trace));
  GoroutineTimelineBuilder builder(reader->tables());
  RegionStream::Options options;
  options.keep.assign(patterns.recognizers().size(), true);
  options.keepSamples = true;
  options.storeEvery = storeEvery;
  RegionStream stream(patterns, reader->tables(), options);
  const std::optional<Error> damage = readInto(*reader, builder, stream);
  ASSERT_FALSE(damage) << damage->describe();
  const GoroutineTimelines t = builder.take();
  const RegionSet set = RegionSet::find(t, patterns);

  std::vector<RegionTuple> whole;
  std::vector<size_t> wholeCounts(patterns.recognizers().size());
  for (const Region& r : set.regions()) {
    whole.emplace_back(t.goroutineId(r.g), r.recognizer, t.event(r.first).time, t.event(r.last).time);
    wholeCounts[r.recognizer]++;
  }
  std::vector<RegionTuple> streamed;
  for (const StreamedRegion& r : stream.kept()) {
    streamed.emplace_back(r.goroutine, r.recognizer, r.firstTime, r.lastTime);
  }
  EXPECT_EQ(stream.counts(), wholeCounts);
  ASSERT_EQ(streamed.size(), whole.size());
  for (size_t i = 0; i < whole.size(); i++) ASSERT_EQ(streamed[i], whole[i]) << "region " << i;
  EXPECT_EQ(stream.traceStart(), t.traceStart());

  // The samples, and where they fall in each kind's regions.
  ASSERT_EQ(stream.samples().size(), t.sampleCount());
  for (uint32_t i = 0; i < t.sampleCount(); i++) {
    const TimelineSample& s = t.sample(i);
    const int64_t g = s.g == kNoGoroutineIndex ? kNoGoroutine : t.goroutineId(s.g);
    ASSERT_EQ(std::tuple(stream.samples()[i].time, stream.samples()[i].goroutine, stream.samples()[i].stack),
              std::tuple(s.time, g, s.stack));
  }
  size_t placedSomewhere = 0;
  for (const RegionRecognizer& k : patterns.recognizers()) {
    std::vector<std::tuple<RegionTuple, uint32_t, int64_t, double>> a, b;
    for (const PlacedSample& p : placeSamples(set, k.kind)) {
      const Region& r = set.regions()[p.region];
      a.emplace_back(RegionTuple(t.goroutineId(r.g), r.recognizer, t.event(r.first).time, t.event(r.last).time),
                     p.sample, p.offset, p.frac);
    }
    std::vector<StreamedRegion> ofKind;
    for (const StreamedRegion& r : stream.kept()) {
      if (patterns.recognizers()[r.recognizer].kind == k.kind) ofKind.push_back(r);
    }
    for (const PlacedSample& p : placeSamples(ofKind, stream.samples())) {
      const StreamedRegion& r = ofKind[p.region];
      b.emplace_back(RegionTuple(r.goroutine, r.recognizer, r.firstTime, r.lastTime), p.sample, p.offset, p.frac);
    }
    EXPECT_EQ(a, b) << k.kind;
    placedSomewhere += a.size();
  }
  if (t.sampleCount() > 0 && trace.starts_with("httpserver")) {
    EXPECT_GT(placedSomewhere, 0u);
  }
}

class EveryTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryTrace, StreamFindsTheWholeTraceRegions) {
  {
    SCOPED_TRACE("derived as regions come");
    expectSameRegions(GetParam(), testPatterns(false), 4096);
  }
  {
    SCOPED_TRACE("derived as regions come, every region stored as found");
    expectSameRegions(GetParam(), testPatterns(false), 1);
  }
  {
    SCOPED_TRACE("derived at goroutine ends");
    expectSameRegions(GetParam(), testPatterns(true), 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Testdata, EveryTrace, ::testing::ValuesIn(testdataTraces()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// Only the asked-for recognizers' regions are kept; all are counted.
TEST(RegionStream, KeepsOnlyWhatIsAsked) {
  const RegionPatterns patterns = RegionPatterns::builtin();
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/httpserver_go1.26.trace"));
  RegionStream::Options options;
  size_t tls = 0;
  for (const RegionRecognizer& r : patterns.recognizers()) options.keep.push_back(r.kind == "client/tls_handshake");
  RegionStream stream(patterns, reader->tables(), options);
  ASSERT_FALSE(readInto(*reader, stream));
  for (size_t k = 0; k < patterns.recognizers().size(); k++) {
    if (patterns.recognizers()[k].kind == "client/tls_handshake") tls += stream.counts()[k];
  }
  const std::vector<StreamedRegion> kept = stream.kept();
  EXPECT_GT(tls, 0u);
  EXPECT_EQ(kept.size(), tls);
  for (const StreamedRegion& r : kept) EXPECT_EQ(patterns.recognizers()[r.recognizer].kind, "client/tls_handshake");
  EXPECT_TRUE(stream.samples().empty());
}

// g10 creates g40, which wakes g10 and exits; then (as Go never does) g10
// creates a goroutine with id 40 again. A region open when a goroutine
// ends: RegionSet::find's timeline of g40 goes on into the second
// goroutine, RegionStream closes it at the end (the difference
// region_stream.h states).
constexpr std::string_view kIdAgain = R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=1000 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=10 m=18446744073709551615 gstatus=1
GoStart dt=1000 g=10 g_seq=1
GoCreate dt=100 new_g=40 new_stack=1 stack=1
GoBlock dt=100 reason_string=2 stack=1
GoStart dt=100 g=40 g_seq=1
GoUnblock dt=100 g=10 g_seq=2 stack=1
GoDestroy dt=100
GoStart dt=100 g=10 g_seq=3
GoCreate dt=100 new_g=40 new_stack=1 stack=1
GoBlock dt=100 reason_string=2 stack=1
GoStart dt=100 g=40 g_seq=1
GoBlock dt=100 reason_string=2 stack=1
EventBatch gen=1 m=18446744073709551615 time=1000 size=?
Stacks
Stack id=1 nframes=1
	pc=1 func=1 file=1 line=1
EventBatch gen=1 m=18446744073709551615 time=1000 size=?
Strings
String id=1
	data="main.main"
String id=2
	data="forever"
EventBatch gen=1 m=18446744073709551615 time=1000 size=?
Frequency freq=1000000000
)TR";

TEST(RegionStream, ClosesAGoroutinesRegionsWhenItEnds) {
  const RegionPatterns patterns =
      RegionPatterns::parse("region goroutine\n  activate always\n  keepalive always\n  flush-at-end\n  single\n", "t");
  TestTrace trace = openTestTrace(kIdAgain);
  GoroutineTimelineBuilder builder(trace->tables());
  RegionStream::Options options;
  options.keep = {true};
  RegionStream stream(patterns, trace->tables(), options);
  const std::optional<Error> damage = readInto(*trace, builder, stream);
  ASSERT_FALSE(damage) << damage->describe();
  const GoroutineTimelines t = builder.take();
  const RegionSet set = RegionSet::find(t, patterns);

  // Times since the trace's start (1000): g10 runs at 2002 and blocks at
  // 2202 and 2802 (it created g40 at 2102 and 2702, and g40 woke it at
  // 2402); the first g40 starts at 2302 and exits at 2502, the second starts
  // at 2902 and blocks at 3002.
  const int64_t t0 = stream.traceStart();
  std::vector<RegionTuple> streamed;
  for (const StreamedRegion& r : stream.kept()) {
    streamed.emplace_back(r.goroutine, r.recognizer, r.firstTime - t0, r.lastTime - t0);
  }
  EXPECT_EQ(streamed, (std::vector<RegionTuple>{{10, 0, 1002, 1802}, {40, 0, 1302, 1502}, {40, 0, 1902, 2002}}));
  std::vector<RegionTuple> whole;
  for (const Region& r : set.regions()) {
    whole.emplace_back(t.goroutineId(r.g), r.recognizer, t.event(r.first).time - t0, t.event(r.last).time - t0);
  }
  EXPECT_EQ(whole, (std::vector<RegionTuple>{{10, 0, 1002, 1802}, {40, 0, 1302, 2002}}));
}

}  // namespace
}  // namespace gotrace::testing
