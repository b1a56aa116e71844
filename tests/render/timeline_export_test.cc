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
#include <optional>
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

// The slices of one track of the processor view.
struct ViewTrack {
  std::string name;
  int64_t total = 0;  // nanoseconds covered
  size_t slices = 0;
  size_t gcWorkerRuns = 0;  // slices of runs labeled "GC (...)"
};

struct Checked {
  StateTimes states;
  std::vector<std::string> goroutineNames;  // lifetime slices
  size_t slices = 0, instants = 0, flows = 0, counters = 0, sequences = 0;
  size_t withStack = 0;                                // events referencing a call stack
  std::map<int64_t, std::set<std::string>> stacksOf;  // goroutine -> its state slices' stacks (functions, root first)
  std::map<uint64_t, ViewTrack> procs, threads;       // the P and M tracks
  std::map<std::string, size_t> counterValues;        // counter track name -> values
  int64_t minTime = INT64_MAX, maxTime = INT64_MIN;
};

bool isState(const std::string& n) {
  return n == "running" || n == "runnable" || n == "syscall" || n == "syscall (blocked, P lost)" ||
         n.rfind("waiting: ", 0) == 0;
}

// Perfetto's clock ids: BOOTTIME (builtin, the trace's clock) and the first
// sequence-scoped one, which the writer makes incremental.
constexpr uint32_t kBoottime = 6, kIncremental = 64;

// What a packet sequence has defined so far.
struct SequenceState {
  bool seen = false;
  uint32_t defaultClock = 0;  // 0: none given (BOOTTIME)
  uint64_t defaultTrack = 0;
  bool incremental = false;
  int64_t clock = 0;  // the incremental clock
  std::map<uint64_t, std::string> names, annotationNames, annotationStrings, functionNames, sourcePaths;
  std::map<uint64_t, uint64_t> frames;                     // frame iid -> function name iid
  std::map<uint64_t, std::vector<uint64_t>> callstacks;    // callstack iid -> frame iids
};

// The function names of an interned call stack, root first, joined by ';'.
std::string stackText(const SequenceState& s, uint64_t iid) {
  std::string out;
  for (uint64_t frame : s.callstacks.at(iid)) {
    if (!out.empty()) out += ';';
    out += s.functionNames.at(s.frames.at(frame));
  }
  return out;
}

// Structure: sequences and interning (every iid defined earlier on its
// sequence), times decoded from each sequence's clocks, tracks declared
// before use, per-track times in order, every slice closed and nested, flows
// joining two slices; the processor view's tracks never overlap.
Checked checkStructure(const std::string& bytes) {
  Checked c;
  pf::Trace trace;
  EXPECT_TRUE(trace.ParseFromString(bytes)) << "not a Trace";
  std::map<uint32_t, SequenceState> sequences;
  std::map<uint64_t, std::string> trackNames;
  std::map<uint64_t, uint64_t> parents;
  std::set<uint64_t> counterTracks;
  struct Open {
    std::string name;
    int64_t goroutine;
    int64_t begin;
  };
  std::map<uint64_t, std::vector<Open>> open;
  std::map<uint64_t, int64_t> lastTime, lastEnd;
  std::map<uint64_t, std::pair<std::string, int64_t>> openedAt;  // per track: state name, begin
  std::map<uint64_t, int> flowOut, flowIn;
  std::optional<uint64_t> procsGroup, threadsGroup;
  for (const pf::TracePacket& p : trace.packet()) {
    EXPECT_TRUE(p.has_trusted_packet_sequence_id());
    SequenceState& seq = sequences[p.trusted_packet_sequence_id()];
    if (!seq.seen) {
      EXPECT_TRUE(p.sequence_flags() & 1) << "a sequence's first packet clears incremental state";
      seq.seen = true;
    }
    if (p.has_trace_packet_defaults()) {
      seq.defaultClock = p.trace_packet_defaults().timestamp_clock_id();
      seq.defaultTrack = p.trace_packet_defaults().track_event_defaults().track_uuid();
    }
    if (p.has_clock_snapshot()) {
      std::optional<uint64_t> boot, incremental;
      for (const auto& clock : p.clock_snapshot().clocks()) {
        if (clock.clock_id() == kBoottime) boot = clock.timestamp();
        if (clock.clock_id() == kIncremental) {
          EXPECT_TRUE(clock.is_incremental());
          incremental = clock.timestamp();
        }
      }
      // Both clocks read the same at the snapshot: the incremental clock's
      // times are BOOTTIME's.
      EXPECT_TRUE(boot && incremental && *boot == *incremental);
      seq.incremental = true;
      seq.clock = int64_t(incremental.value_or(0));
    }
    const auto& in = p.interned_data();
    for (const auto& n : in.event_names()) EXPECT_TRUE(seq.names.emplace(n.iid(), n.name()).second);
    for (const auto& n : in.debug_annotation_names())
      EXPECT_TRUE(seq.annotationNames.emplace(n.iid(), n.name()).second);
    for (const auto& n : in.debug_annotation_string_values())
      EXPECT_TRUE(seq.annotationStrings.emplace(n.iid(), n.str()).second);
    for (const auto& n : in.function_names()) EXPECT_TRUE(seq.functionNames.emplace(n.iid(), n.str()).second);
    for (const auto& n : in.source_paths()) EXPECT_TRUE(seq.sourcePaths.emplace(n.iid(), n.str()).second);
    for (const auto& fr : in.frames()) {
      EXPECT_TRUE(seq.functionNames.count(fr.function_name_id())) << "frame's function name not defined";
      if (fr.has_source_path_iid()) {
        EXPECT_TRUE(seq.sourcePaths.count(fr.source_path_iid())) << "frame's source path not defined";
      }
      EXPECT_TRUE(seq.frames.emplace(fr.iid(), fr.function_name_id()).second);
    }
    for (const auto& cs : in.callstacks()) {
      EXPECT_GT(cs.frame_ids_size(), 0);
      for (uint64_t f : cs.frame_ids()) EXPECT_TRUE(seq.frames.count(f)) << "callstack's frame not defined";
      EXPECT_TRUE(seq.callstacks.emplace(cs.iid(), std::vector<uint64_t>(cs.frame_ids().begin(), cs.frame_ids().end()))
                      .second);
    }
    int64_t t = 0;
    if (p.has_timestamp()) {
      const uint32_t clock = p.has_timestamp_clock_id() ? p.timestamp_clock_id() : seq.defaultClock;
      if (clock == kIncremental) {
        EXPECT_TRUE(seq.incremental) << "incremental clock used before its snapshot";
        seq.clock += int64_t(p.timestamp());
        t = seq.clock;
      } else {
        EXPECT_TRUE(clock == 0 || clock == kBoottime) << "clock " << clock;
        t = int64_t(p.timestamp());
      }
    }
    if (p.has_track_descriptor()) {
      const auto& d = p.track_descriptor();
      EXPECT_TRUE(trackNames.emplace(d.uuid(), d.name()).second) << "track declared twice: " << d.uuid();
      if (d.has_parent_uuid()) {
        EXPECT_TRUE(trackNames.count(d.parent_uuid())) << "parent declared first";
        parents[d.uuid()] = d.parent_uuid();
        if (procsGroup && d.parent_uuid() == *procsGroup) c.procs[d.uuid()].name = d.name();
        if (threadsGroup && d.parent_uuid() == *threadsGroup) c.threads[d.uuid()].name = d.name();
      }
      if (d.name() == "processors (P)") procsGroup = d.uuid();
      if (d.name() == "threads (M): system calls") threadsGroup = d.uuid();
      if (d.has_counter()) counterTracks.insert(d.uuid());
      continue;
    }
    if (p.has_clock_snapshot()) continue;
    if (!p.has_track_event()) {
      ADD_FAILURE() << "packet with neither a track, a clock snapshot nor an event";
      continue;
    }
    const pf::TrackEvent& e = p.track_event();
    const uint64_t track = e.has_track_uuid() ? e.track_uuid() : seq.defaultTrack;
    EXPECT_TRUE(trackNames.count(track)) << "event on an undeclared track " << track;
    EXPECT_TRUE(seq.seen && p.sequence_flags() == 0) << "events come after their sequence's first packet";
    EXPECT_GE(t, lastTime[track]) << "times go back on track " << track;
    lastTime[track] = t;
    c.minTime = std::min(c.minTime, t);
    c.maxTime = std::max(c.maxTime, t);
    std::string name;
    if (e.has_name_iid()) {
      EXPECT_TRUE(seq.names.count(e.name_iid())) << "name iid " << e.name_iid() << " used before it is defined";
      name = seq.names[e.name_iid()];
    } else {
      name = e.name();
    }
    std::string stack;
    if (e.has_callstack_iid()) {
      c.withStack++;
      if (seq.callstacks.count(e.callstack_iid())) {
        stack = stackText(seq, e.callstack_iid());
      } else {
        ADD_FAILURE() << "callstack iid " << e.callstack_iid() << " used before it is defined on its sequence";
      }
    }
    int64_t goroutineArg = -1;
    for (const auto& a : e.debug_annotations()) {
      EXPECT_TRUE(seq.annotationNames.count(a.name_iid())) << "annotation name used before it is defined";
      if (a.has_string_value_iid()) {
        EXPECT_TRUE(seq.annotationStrings.count(a.string_value_iid()));
      }
      if (seq.annotationNames[a.name_iid()] == "goroutine") goroutineArg = a.int_value();
    }
    for (uint64_t id : e.flow_ids()) flowOut[id]++;
    for (uint64_t id : e.terminating_flow_ids()) flowIn[id]++;
    const bool viewTrack = c.procs.count(track) || c.threads.count(track);
    switch (e.type()) {
      case pf::TrackEvent::TYPE_SLICE_BEGIN: {
        EXPECT_FALSE(counterTracks.count(track));
        auto& stack_ = open[track];
        if (stack_.empty()) {
          if (track >= 1000 && track < 1'000'000'000) {
            EXPECT_GE(goroutineArg, 0) << "a goroutine track's outer slice is a goroutine's life: " << name;
            c.goroutineNames.push_back(name);
          }
        }
        if (viewTrack) {
          EXPECT_TRUE(stack_.empty()) << "slices overlap on " << trackNames[track] << " at " << t;
          EXPECT_GE(t, lastEnd[track]) << "slices overlap on " << trackNames[track];
          EXPECT_EQ(name.rfind('G', 0), 0u) << "a run or system call is named after its goroutine: " << name;
          if (name.find(" runtime.gcBgMarkWorker: GC (") != std::string::npos && c.procs.count(track)) {
            c.procs[track].gcWorkerRuns++;
          }
        }
        const int64_t g = stack_.empty() ? goroutineArg : stack_.front().goroutine;
        stack_.push_back({name, g, t});
        if (isState(name)) {
          openedAt[track] = {name, t};
          if (!stack.empty()) c.stacksOf[g].insert(stack);
        }
        c.slices++;
        break;
      }
      case pf::TrackEvent::TYPE_SLICE_END: {
        auto& stack_ = open[track];
        if (stack_.empty()) {
          ADD_FAILURE() << "slice end without a begin on track " << track;
          break;
        }
        if (isState(stack_.back().name)) {
          // States are innermost: nothing opened inside them.
          EXPECT_EQ(openedAt[track].first, stack_.back().name);
          c.states[stack_.back().goroutine][stack_.back().name] += t - openedAt[track].second;
        }
        if (viewTrack) {
          ViewTrack& v = c.procs.count(track) ? c.procs[track] : c.threads[track];
          v.total += t - stack_.back().begin;
          v.slices++;
          lastEnd[track] = t;
        }
        stack_.pop_back();
        break;
      }
      case pf::TrackEvent::TYPE_INSTANT: c.instants++; break;
      case pf::TrackEvent::TYPE_COUNTER:
        EXPECT_TRUE(counterTracks.count(track));
        c.counterValues[trackNames[track]]++;
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
  c.sequences = sequences.size();
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

// Facts of a trace counted apart from the exporter: a separate goroutine
// analysis's totals, and the stacks each goroutine's transitions carried.
struct Facts {
  int64_t running = 0;  // all goroutines
  int64_t syscall = 0;  // with and without their P
  std::map<int64_t, std::set<std::string>> transitionStacks;  // function names, root first, ';'-joined
};

Facts traceFacts(const std::string& path) {
  auto reader = TraceReader::open(Input::open(path));
  GoroutineAnalysis analysis([](int64_t) { return true; });
  Facts facts;
  Event ev;
  while (reader->next(ev)) {
    analysis.add(ev, reader->tables());
    if (ev.kind != EventKind::StateTransition || ev.transition.resource.kind != ResourceKind::Goroutine) continue;
    const auto& tables = reader->tables();
    const auto leafFirst = tables.stacks.frames(ev.transition.stack);
    if (leafFirst.empty()) continue;
    std::string text;
    for (size_t i = leafFirst.size(); i-- > 0;) {
      if (!text.empty()) text += ';';
      text += tables.strings.view(tables.stacks.frame(leafFirst[i]).func);
    }
    facts.transitionStacks[ev.transition.resource.id].insert(text);
  }
  analysis.finish();
  for (const GoroutineReport& g : analysis.reports()) {
    facts.running += g.times.running;
    facts.syscall += g.times.syscall + g.times.syscallBlocked;
  }
  return facts;
}

class TimelineExportTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(TimelineExportTrace, PerfettoStructureAndStateTimes) {
  const std::string path = testdataDir() + "/traces/" + GetParam();
  const Checked c = checkStructure(exportTrace(path, false));
  EXPECT_GT(c.slices, 100u);
  EXPECT_GT(c.flows, 0u);
  EXPECT_GT(c.counters, 0u);
  EXPECT_GT(c.counterValues.count("goroutines runnable"), 0u);
  const StateTimes want = analysisTimes(path);
  ASSERT_EQ(c.states.size(), want.size());
  for (const auto& [g, times] : want) {
    auto it = c.states.find(g);
    ASSERT_NE(it, c.states.end()) << "goroutine " << g << " has no state slices";
    EXPECT_EQ(it->second, times) << "goroutine " << g;
  }
}

// Each state slice's call stack is one its goroutine's transitions carried.
TEST_P(TimelineExportTrace, StateStacksAreTheGoroutinesOwn) {
  const std::string path = testdataDir() + "/traces/" + GetParam();
  const Checked c = checkStructure(exportTrace(path, false));
  const Facts facts = traceFacts(path);
  size_t stacks = 0;
  for (const auto& [g, texts] : c.stacksOf) {
    for (const std::string& text : texts) {
      stacks++;
      EXPECT_TRUE(facts.transitionStacks.count(g) && facts.transitionStacks.at(g).count(text))
          << "goroutine " << g << ": " << text;
    }
  }
  EXPECT_GT(stacks, 10u);
  EXPECT_GT(c.withStack, c.slices / 4) << "most slices carry a call stack";
}

// Per P, runs never overlap and add up to the time goroutines ran; per M,
// system calls add up to the time goroutines spent in them.
TEST_P(TimelineExportTrace, ProcessorView) {
  const std::string path = testdataDir() + "/traces/" + GetParam();
  const Checked c = checkStructure(exportTrace(path, false));
  const Facts facts = traceFacts(path);
  ASSERT_FALSE(c.procs.empty());
  int64_t ran = 0, syscalls = 0;
  size_t runs = 0;
  for (const auto& [track, p] : c.procs) {
    EXPECT_EQ(p.name.rfind('P', 0), 0u) << p.name;
    ran += p.total;
    runs += p.slices;
  }
  size_t unknownThread = 0;
  for (const auto& [track, m] : c.threads) {
    if (m.name.rfind("system calls, thread not known ", 0) == 0) {
      unknownThread += m.slices;
    } else {
      EXPECT_EQ(m.name.rfind('M', 0), 0u) << m.name;
    }
    syscalls += m.total;
  }
  // Go 1.22+ traces say which thread made each system call.
  if (GetParam().find("go1.19") == std::string::npos && GetParam().find("go1.21") == std::string::npos) {
    EXPECT_EQ(unknownThread, 0u);
  }
  EXPECT_GT(runs, 10u);
  EXPECT_EQ(ran, facts.running);
  EXPECT_EQ(syscalls, facts.syscall);
}

// In a window, the P and M tracks hold the runs and system calls cut at its
// edges: their totals are a separate analysis's intervals clipped to it.
TEST(TimelineExport, ProcessorViewInAWindow) {
  const std::string path = testdataDir() + "/traces/httpserver_go1.26.trace";
  TimelineExportOptions options;
  options.start = 200'000'000;
  options.end = 400'000'000;
  const Checked c = checkStructure(exportTrace(path, false, options));
  int64_t ran = 0, syscalls = 0;
  for (const auto& [track, p] : c.procs) ran += p.total;
  for (const auto& [track, m] : c.threads) syscalls += m.total;

  auto reader = TraceReader::open(Input::open(path));
  GoroutineAnalysis analysis;
  int64_t from = 0, to = 0, wantRan = 0, wantSyscalls = 0;
  GoroutineListener listener;
  listener.interval = [&](const GoroutineInterval& iv) {
    const int64_t d = std::max<int64_t>(0, std::min(iv.end, to) - std::max(iv.begin, from));
    if (iv.state == GoState::Running) wantRan += d;
    if (iv.state == GoState::Syscall) wantSyscalls += d;
  };
  analysis.setListener(std::move(listener));
  Event ev;
  bool first = true;
  while (reader->next(ev)) {
    if (first) {
      const int64_t origin = reader->tables().traceStart.value_or(ev.time);
      from = origin + options.start;
      to = origin + options.end;
      first = false;
    }
    analysis.add(ev, reader->tables());
  }
  analysis.finish();
  EXPECT_GT(wantRan, 0);
  EXPECT_EQ(ran, wantRan);
  EXPECT_EQ(syscalls, wantSyscalls);
}

// GC mark workers' runs on their Ps carry the label the runtime gave them as
// they started: one labeled run per GC label event.
TEST(TimelineExport, GcMarkWorkersMarked) {
  for (const std::string name : {"gcstress_go1.21.trace", "gcstress_go1.22.trace"}) {
    const std::string path = testdataDir() + "/traces/" + name;
    size_t labels = 0;
    auto reader = TraceReader::open(Input::open(path));
    Event ev;
    while (reader->next(ev)) {
      if (ev.kind == EventKind::Label && ev.label.resource.kind == ResourceKind::Goroutine &&
          reader->tables().strings.view(ev.label.label).starts_with("GC (")) {
        labels++;
      }
    }
    const Checked c = checkStructure(exportTrace(path, false));
    size_t runs = 0;
    for (const auto& [track, p] : c.procs) runs += p.gcWorkerRuns;
    EXPECT_GT(labels, 10u) << name;
    EXPECT_EQ(runs, labels) << name;
  }
}

// -stacks=slices: the frames as nested slices around the states, which keep
// their times.
TEST_P(TimelineExportTrace, StacksAsSlices) {
  const std::string path = testdataDir() + "/traces/" + GetParam();
  TimelineExportOptions options;
  options.stacks = TimelineExportOptions::Stacks::Slices;
  const Checked slices = checkStructure(exportTrace(path, false, options));
  options.stacks = TimelineExportOptions::Stacks::None;
  const Checked none = checkStructure(exportTrace(path, false, options));
  EXPECT_EQ(none.withStack, 0u);
  EXPECT_GT(slices.slices, none.slices) << "frames are slices";
  EXPECT_TRUE(slices.stacksOf.empty()) << "states carry no call stack";
  const StateTimes want = analysisTimes(path);
  EXPECT_EQ(slices.states, want);
  EXPECT_EQ(none.states, want);
}

TEST_P(TimelineExportTrace, JsonHasTheSameSlices) {
  const std::string path = testdataDir() + "/traces/" + GetParam();
  const Checked proto = checkStructure(exportTrace(path, false));
  const auto json = nlohmann::json::parse(exportTrace(path, true));
  std::map<int64_t, int> depth;
  size_t begins = 0, flowStarts = 0, flowEnds = 0, withStack = 0;
  // Stack frames: a tree of named frames.
  std::set<std::string> frames;
  if (json.contains("stackFrames")) {
    for (const auto& [id, frame] : json.at("stackFrames").items()) frames.insert(id);
    for (const auto& [id, frame] : json.at("stackFrames").items()) {
      if (frame.contains("parent")) {
        EXPECT_TRUE(frames.count(frame.at("parent").get<std::string>())) << id;
      }
      EXPECT_FALSE(frame.at("name").get<std::string>().empty());
    }
  }
  for (const auto& e : json.at("traceEvents")) {
    const std::string ph = e.at("ph");
    if (e.contains("sf")) {
      EXPECT_TRUE(frames.count(e.at("sf").dump()));
      withStack++;
    }
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
  EXPECT_EQ(withStack, proto.withStack);
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

// Output sizes on a small trace: stacks interned once per sequence cost far
// less than stacks as nested slices (the former default), and states only
// cost less again.
TEST(TimelineExport, OutputSizes) {
  const std::string path = testdataDir() + "/traces/httpserver_go1.26.trace";
  TimelineExportOptions options;
  const size_t withStacks = exportTrace(path, false, options).size();
  options.stacks = TimelineExportOptions::Stacks::None;
  const size_t without = exportTrace(path, false, options).size();
  options.stacks = TimelineExportOptions::Stacks::Slices;
  const size_t slices = exportTrace(path, false, options).size();
  EXPECT_LT(without, withStacks);
  EXPECT_LT(withStacks, slices) << withStacks << " bytes with call stacks, " << slices << " with frame slices";
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
