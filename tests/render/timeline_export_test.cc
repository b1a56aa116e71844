// etperfetto's output decoded with protobuf against perfetto_trace.proto
// (written from Perfetto's public field numbers), then checked for what
// Perfetto needs and for what it must say: per goroutine, the time in each
// state equals the goroutine analysis.
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "gotrace/analysis/goroutines/goroutine_analysis.h"
#include "gotrace/io/output.h"
#include "gotrace/render/perfetto_sink.h"
#include "gotrace/render/timeline_export.h"
#include "gotrace/render/trace_event_json_sink.h"
#include "perfetto_trace.pb.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

namespace pf = gotrace::perfetto;

std::string exportTrace(const std::string& path, bool json, TimelineExportOptions options = {}) {
  FILE* tmp = std::tmpfile();
  {
    OutputBuffer out(fileno(tmp));
    auto sink = json ? makeTraceEventJsonSink(out) : makePerfettoSink(out);
    auto reader = TraceReader::open(Input::open(path));
    TimelineExporter exporter(*sink, options);
    Event ev;
    while (reader->next(ev)) exporter.add(ev, reader->tables());
    exporter.finish();
  }
  std::string bytes;
  std::rewind(tmp);
  char buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, tmp)) > 0;) bytes.append(buf, n);
  std::fclose(tmp);
  return bytes;
}

// Per goroutine, state name -> nanoseconds.
using StateTimes = std::map<int64_t, std::map<std::string, int64_t>>;

struct Checked {
  StateTimes states;
  std::vector<std::string> goroutineNames;  // lifetime slices
  size_t slices = 0, instants = 0, flows = 0, counters = 0;
  int64_t minTime = INT64_MAX, maxTime = INT64_MIN;
};

bool isState(const std::string& n) {
  return n == "running" || n == "runnable" || n == "syscall" || n == "syscall (blocked, P lost)" ||
         n.rfind("waiting: ", 0) == 0;
}

// Structure: sequence and interning, tracks declared before use, per-track
// times in order, every slice closed and nested, flows joining two slices.
Checked checkStructure(const std::string& bytes) {
  Checked c;
  pf::Trace trace;
  EXPECT_TRUE(trace.ParseFromString(bytes)) << "not a Trace";
  std::map<uint64_t, std::string> names, annotationNames, annotationStrings;
  std::set<uint64_t> tracks, counterTracks;
  struct Open {
    std::string name;
    int64_t goroutine;
  };
  std::map<uint64_t, std::vector<Open>> open;
  std::map<uint64_t, uint64_t> lastTime;
  std::map<uint64_t, std::pair<std::string, uint64_t>> openedAt;  // per track: state name, begin
  std::map<uint64_t, int> flowOut, flowIn;
  bool first = true;
  for (const pf::TracePacket& p : trace.packet()) {
    EXPECT_EQ(p.trusted_packet_sequence_id(), 1u);
    if (first) {
      EXPECT_TRUE(p.sequence_flags() & 1) << "first packet clears incremental state";
    }
    first = false;
    for (const auto& n : p.interned_data().event_names()) EXPECT_TRUE(names.emplace(n.iid(), n.name()).second);
    for (const auto& n : p.interned_data().debug_annotation_names())
      EXPECT_TRUE(annotationNames.emplace(n.iid(), n.name()).second);
    for (const auto& n : p.interned_data().debug_annotation_string_values())
      EXPECT_TRUE(annotationStrings.emplace(n.iid(), n.str()).second);
    if (p.has_track_descriptor()) {
      const auto& d = p.track_descriptor();
      EXPECT_TRUE(tracks.insert(d.uuid()).second) << "track declared twice: " << d.uuid();
      if (d.has_parent_uuid()) {
        EXPECT_TRUE(tracks.count(d.parent_uuid())) << "parent declared first";
      }
      if (d.has_counter()) counterTracks.insert(d.uuid());
      continue;
    }
    if (!p.has_track_event()) {
      ADD_FAILURE() << "packet with neither a track nor an event";
      continue;
    }
    const pf::TrackEvent& e = p.track_event();
    const uint64_t track = e.track_uuid();
    EXPECT_TRUE(tracks.count(track)) << "event on an undeclared track " << track;
    EXPECT_TRUE(p.sequence_flags() & 2) << "events use interned state";
    const uint64_t t = p.timestamp();
    EXPECT_GE(t, lastTime[track]) << "times go back on track " << track;
    lastTime[track] = t;
    c.minTime = std::min<int64_t>(c.minTime, int64_t(t));
    c.maxTime = std::max<int64_t>(c.maxTime, int64_t(t));
    std::string name;
    if (e.has_name_iid()) {
      EXPECT_TRUE(names.count(e.name_iid())) << "name iid " << e.name_iid() << " used before it is defined";
      name = names[e.name_iid()];
    } else {
      name = e.name();
    }
    int64_t goroutineArg = -1;
    for (const auto& a : e.debug_annotations()) {
      EXPECT_TRUE(annotationNames.count(a.name_iid())) << "annotation name used before it is defined";
      if (a.has_string_value_iid()) {
        EXPECT_TRUE(annotationStrings.count(a.string_value_iid()));
      }
      if (annotationNames[a.name_iid()] == "goroutine") goroutineArg = a.int_value();
    }
    for (uint64_t id : e.flow_ids()) flowOut[id]++;
    for (uint64_t id : e.terminating_flow_ids()) flowIn[id]++;
    switch (e.type()) {
      case pf::TrackEvent::TYPE_SLICE_BEGIN: {
        EXPECT_FALSE(counterTracks.count(track));
        auto& stack = open[track];
        if (stack.empty()) {
          if (track >= 1000 && track < 1'000'000'000) {
            EXPECT_GE(goroutineArg, 0) << "a goroutine track's outer slice is a goroutine's life: " << name;
            c.goroutineNames.push_back(name);
          }
        }
        const int64_t g = stack.empty() ? goroutineArg : stack.front().goroutine;
        stack.push_back({name, g});
        if (isState(name)) openedAt[track] = {name, t};
        c.slices++;
        break;
      }
      case pf::TrackEvent::TYPE_SLICE_END: {
        auto& stack = open[track];
        if (stack.empty()) {
          ADD_FAILURE() << "slice end without a begin on track " << track;
          break;
        }
        if (isState(stack.back().name)) {
          // States are innermost: nothing opened inside them.
          EXPECT_EQ(openedAt[track].first, stack.back().name);
          c.states[stack.back().goroutine][stack.back().name] += int64_t(t - openedAt[track].second);
        }
        stack.pop_back();
        break;
      }
      case pf::TrackEvent::TYPE_INSTANT: c.instants++; break;
      case pf::TrackEvent::TYPE_COUNTER:
        EXPECT_TRUE(counterTracks.count(track));
        c.counters++;
        break;
      default: ADD_FAILURE() << "event of type " << e.type();
    }
  }
  for (const auto& [track, stack] : open) EXPECT_TRUE(stack.empty()) << stack.size() << " slices left open on " << track;
  for (const auto& [id, n] : flowOut) {
    EXPECT_EQ(n, 1) << "flow " << id;
    EXPECT_EQ(flowIn[id], 1) << "flow " << id << " ends nowhere";
  }
  for (const auto& [id, n] : flowIn) EXPECT_EQ(flowOut[id], 1) << "flow " << id << " starts nowhere";
  c.flows = flowOut.size();
  return c;
}

// The same trace through a separate goroutine analysis.
StateTimes analysisTimes(const std::string& path) {
  auto reader = TraceReader::open(Input::open(path));
  GoroutineAnalysis analysis([](int64_t) { return true; });
  Event ev;
  while (reader->next(ev)) analysis.add(ev, reader->tables());
  analysis.finish();
  StateTimes out;
  for (const GoroutineReport& g : analysis.reports()) {
    auto& m = out[g.id];
    const GoroutineTimes& t = g.times;
    if (t.running) m["running"] = t.running;
    if (t.runnable) m["runnable"] = t.runnable;
    if (t.syscall) m["syscall"] = t.syscall;
    if (t.syscallBlocked) m["syscall (blocked, P lost)"] = t.syscallBlocked;
    for (const auto& [reason, ns] : t.waiting)
      if (ns) m["waiting: " + std::string(reader->tables().strings.view(reason))] += ns;
    if (m.empty()) out.erase(g.id);
  }
  return out;
}

class TimelineExportTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(TimelineExportTrace, PerfettoStructureAndStateTimes) {
  const std::string path = testdataDir() + "/traces/" + GetParam();
  const Checked c = checkStructure(exportTrace(path, false));
  EXPECT_GT(c.slices, 100u);
  EXPECT_GT(c.flows, 0u);
  EXPECT_GT(c.counters, 0u);
  const StateTimes want = analysisTimes(path);
  ASSERT_EQ(c.states.size(), want.size());
  for (const auto& [g, times] : want) {
    auto it = c.states.find(g);
    ASSERT_NE(it, c.states.end()) << "goroutine " << g << " has no state slices";
    EXPECT_EQ(it->second, times) << "goroutine " << g;
  }
}

TEST_P(TimelineExportTrace, JsonHasTheSameSlices) {
  const std::string path = testdataDir() + "/traces/" + GetParam();
  const Checked proto = checkStructure(exportTrace(path, false));
  const auto json = nlohmann::json::parse(exportTrace(path, true));
  std::map<int64_t, int> depth;
  size_t begins = 0, flowStarts = 0, flowEnds = 0;
  for (const auto& e : json.at("traceEvents")) {
    const std::string ph = e.at("ph");
    if (ph == "B") {
      depth[e.at("tid").get<int64_t>()]++;
      begins++;
    } else if (ph == "E") {
      EXPECT_GT(depth[e.at("tid").get<int64_t>()]--, 0);
    } else if (ph == "s") {
      flowStarts++;
    } else if (ph == "f") {
      flowEnds++;
    }
  }
  for (const auto& [tid, d] : depth) EXPECT_EQ(d, 0) << "tid " << tid;
  EXPECT_EQ(begins, proto.slices);
  EXPECT_EQ(flowStarts, proto.flows);
  EXPECT_EQ(flowEnds, proto.flows);
}

INSTANTIATE_TEST_SUITE_P(Traces, TimelineExportTrace,
                         ::testing::Values("flowcontrol_go1.26.trace", "annotations_go1.23.trace",
                                           "syscalls_go1.26.trace", "httpserver_go1.19.trace",
                                           "scopesplit_go1.21.trace"),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.rfind('.'));
                           for (char& ch : n)
                             if (ch == '.' || ch == '-') ch = '_';
                           return n;
                         });

TEST(TimelineExport, FiltersByStartFunctionAndWindow) {
  const std::string path = testdataDir() + "/traces/httpserver_go1.26.trace";
  RE2 re("^net/http\\.\\(\\*conn\\)\\.serve$");
  TimelineExportOptions options;
  options.goroutines = &re;
  options.start = 200'000'000;
  options.end = 400'000'000;
  const Checked c = checkStructure(exportTrace(path, false, options));
  ASSERT_FALSE(c.goroutineNames.empty());
  for (const std::string& n : c.goroutineNames) EXPECT_NE(n.find(" net/http.(*conn).serve"), std::string::npos) << n;
  EXPECT_GE(c.minTime, 200'000'000);
  EXPECT_LE(c.maxTime, 400'000'000);
  // Each goroutine once.
  std::set<std::string> distinct(c.goroutineNames.begin(), c.goroutineNames.end());
  EXPECT_EQ(distinct.size(), c.goroutineNames.size());
}

TEST(TimelineExport, ReusesTracksOfEndedGoroutines) {
  const std::string path = testdataDir() + "/traces/httpserver_go1.26.trace";
  const std::string bytes = exportTrace(path, false);
  pf::Trace trace;
  ASSERT_TRUE(trace.ParseFromString(bytes));
  size_t goroutineTracks = 0;
  for (const auto& p : trace.packet())
    if (p.has_track_descriptor() && p.track_descriptor().name().rfind("goroutines ", 0) == 0) goroutineTracks++;
  const Checked c = checkStructure(bytes);
  EXPECT_GT(c.goroutineNames.size(), 10000u);
  EXPECT_LT(goroutineTracks * 10, c.goroutineNames.size()) << goroutineTracks << " tracks";
}

}  // namespace
}  // namespace gotrace::testing

namespace gotrace::testing {
namespace {

// Trace strings are whatever the program logged: not always UTF-8. The JSON
// form stays valid JSON (bad bytes become U+FFFD), good UTF-8 is kept.
TEST(TraceEventJson, StringsThatAreNotUtf8) {
  FILE* tmp = std::tmpfile();
  {
    OutputBuffer out(fileno(tmp));
    auto sink = makeTraceEventJsonSink(out);
    sink->track(5, 0, "t", 0);
    const TimelineArg args[] = {{"message", {0, "caf\xc3\xa9 \xff\xfe \"q\"\n"}}};
    sink->instant(5, 10, {0, "bad \xc3"}, args);
    sink->finish();
  }
  std::rewind(tmp);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, tmp)) > 0;) text.append(buf, n);
  std::fclose(tmp);
  const auto json = nlohmann::json::parse(text);
  const auto& instant = json.at("traceEvents").back();
  EXPECT_EQ(instant.at("name"), "bad \xef\xbf\xbd");
  EXPECT_EQ(instant.at("args").at("message"), "caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd \"q\"\n");
}

}  // namespace
}  // namespace gotrace::testing
