// etcut: for every v2 testdata trace and windows at generation boundaries'
// middles, the cut is a trace our reader reads whole, made of the expected
// generations, whose events equal those generations' events in the full
// read (but for what a trace's first generation cannot know: goroutine and
// proc states before it, and the types of tasks begun before it). Go's
// parser's summaries of some cuts (testdata/oracle_cuts, recorded with
// traceoracle) equal our reading of the same cuts; tests/tools/
// etcut_go_parser.sh has Go's parser read every cut when it is built.
#include "gotrace/commands/etcut.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gotrace/base/error.h"
#include "gotrace/base/go_duration.h"
#include "gotrace/render/event_text.h"
#include "gotrace/trace/trace_cut.h"
#include "support/oracle_match.h"
#include "support/trace_run.h"

namespace fs = std::filesystem;

namespace gotrace::testing {
namespace {

struct Read {
  std::vector<Event> events;
  std::vector<size_t> syncs;  // indexes of Sync events
  std::unique_ptr<TraceReader> reader;
  int64_t traceStart = 0;
};

Read readAll(const std::string& path) {
  Read r;
  r.reader = TraceReader::open(Input::open(path));
  Event ev;
  while (r.reader->next(ev)) {
    if (ev.kind == EventKind::Sync) r.syncs.push_back(r.events.size());
    r.events.push_back(ev);
  }
  r.traceStart = *r.reader->tables().traceStart;
  return r;
}

std::string text(const Event& ev, const TraceTables& tables) {
  std::string out;
  appendEventParsed(out, ev, tables);
  return out;
}

fs::path cutTo(const std::string& trace, int64_t start, int64_t end, const std::string& tag) {
  commands::EtcutOptions options;
  options.input = trace;
  options.read.startNs = start;
  options.read.endNs = end;
  options.read.threads = 1;
  options.output = (fs::temp_directory_path() / ("etcut_test_" + std::to_string(::getpid()) + "_" + tag + ".trace")).string();
  std::ostringstream err;
  cli::Console console("etcut", -1, &err);
  EXPECT_EQ(commands::runEtcut(options, console), 0);
  EXPECT_NE(err.str().find("kept generation"), std::string::npos) << err.str();
  return options.output;
}

// The cut of generations [first, last] (1-based) against the full read.
void expectCutOf(const std::string& trace, const Read& full, const fs::path& cut, size_t first, size_t last) {
  SCOPED_TRACE(cut.filename().string() + " generations " + std::to_string(first) + "-" + std::to_string(last));
  const Read part = readAll(cut.string());
  ASSERT_EQ(part.syncs.size(), last - first + 2);  // and the final Sync
  // The events of the full read from generation `first`'s Sync to
  // generation `last + 1`'s.
  const size_t from = full.syncs[first - 1], to = full.syncs[last];
  size_t compared = 0, pushed = 0;
  size_t i = from, j = 0;
  const TraceTables& ft = full.reader->tables();
  const TraceTables& pt = part.reader->tables();
  for (; i < to && j < part.events.size(); i++, j++) {
    Event want = full.events[i];
    Event got = part.events[j];
    if (want.kind == EventKind::Sync) {
      ASSERT_EQ(got.kind, EventKind::Sync) << "event " << j;
      continue;
    }
    // What a trace's first generation cannot know: the states before its
    // status events, and the procs and goroutines its threads ran before.
    const bool firstGeneration = j < part.syncs[1];
    if (firstGeneration && got.kind == EventKind::StateTransition && want.kind == EventKind::StateTransition &&
        got.transition.from == GoState::Undetermined) {
      got.transition.from = want.transition.from;
    }
    if (firstGeneration && got.proc == kNoProc) got.proc = want.proc;
    if (firstGeneration && got.goroutine == kNoGoroutine) got.goroutine = want.goroutine;
    // Go's reader keeps times increasing: where the previous generation's
    // last events were later than this one's first, the full read pushes
    // them to 1 ns after the last; the cut has their own times.
    if (got.time < want.time && i > 0 && want.time == full.events[i - 1].time + 1) {
      got.time = want.time;
      pushed++;
    }
    // Begun before the cut: no type.
    if (got.kind == EventKind::TaskEnd && want.kind == EventKind::TaskEnd && got.task.type == 0) want.task.type = 0;
    ASSERT_EQ(text(got, pt), text(want, ft)) << "event " << j << " of the cut, " << i << " of the full read";
    compared++;
  }
  EXPECT_EQ(i, to);
  ASSERT_EQ(j + 1, part.events.size());  // the final Sync remains
  EXPECT_EQ(part.events.back().kind, EventKind::Sync);
  EXPECT_GT(compared, 0u);
  EXPECT_LE(pushed, compared / 2 + 20);  // only near the boundary
  (void)trace;
}

// The middle of generation k (1-based) as a window time: between its Sync
// and the next one's (or the last event).
int64_t middle(const Read& full, size_t k) {
  const int64_t a = full.events[full.syncs[k - 1]].time;
  const int64_t b = full.events[full.syncs[k] - 1].time;
  return (a + b) / 2 - full.traceStart;
}

TEST(Etcut, CutsOfEveryV2TraceEqualTheirGenerations) {
  int traces = 0, cuts = 0;
  for (const auto& entry : fs::directory_iterator(testdataDir() + "/traces")) {
    const std::string path = entry.path().string();
    const Read full = readAll(path);
    if (full.reader->version().format != TraceFormat::V2) continue;
    SCOPED_TRACE(entry.path().filename().string());
    const size_t generations = full.syncs.size() - 1;
    ASSERT_GE(generations, 1u);
    std::vector<std::pair<size_t, size_t>> windows;
    for (size_t k = 1; k <= generations; k++) windows.push_back({k, k});
    if (generations >= 2) windows.push_back({1, generations});
    if (generations >= 4) windows.push_back({2, generations - 1});
    for (const auto& [first, last] : windows) {
      const fs::path cut = cutTo(path, middle(full, first), middle(full, last), entry.path().stem().string());
      expectCutOf(path, full, cut, first, last);
      fs::remove(cut);
      cuts++;
    }
    // The whole trace, no window: the same bytes.
    const fs::path whole = cutTo(path, 0, std::numeric_limits<int64_t>::max(), "whole");
    EXPECT_EQ(fs::file_size(whole), fs::file_size(path));
    fs::remove(whole);
    traces++;
  }
  EXPECT_EQ(traces, 14);
  EXPECT_GE(cuts, 40);
}

TEST(Etcut, SixGenerationsOneAtATime) {
  for (const char* name : {"generations_go1.22", "generations_go1.26"}) {
    const std::string path = testdataDir() + "/traces/" + name + ".trace";
    const Read full = readAll(path);
    ASSERT_EQ(full.syncs.size(), 7u) << name;  // six generations and the final Sync
    // Windows from the start of generation k to just before k+1: only k.
    for (size_t k = 1; k <= 6; k++) {
      Input input = Input::open(path);
      const auto bytes = input.readAll();
      ReadOptions window;
      window.startNs = middle(full, k);
      window.endNs = window.startNs;
      const TraceCut cut = findTraceCut(bytes, path, window);
      EXPECT_EQ(cut.firstGeneration, k);
      EXPECT_EQ(cut.lastGeneration, k);
      EXPECT_LT(cut.bytes.begin, cut.bytes.end);
    }
  }
}

TEST(Etcut, Errors) {
  const std::string dir = testdataDir() + "/traces/";
  Input v1 = Input::open(dir + "stwdelay_go1.21.trace");
  try {
    findTraceCut(v1.readAll(), "stwdelay_go1.21.trace", {});
    FAIL() << "a v1 trace was cut";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("v1 trace"), std::string::npos) << e.what();
  }
  Input v2 = Input::open(dir + "stwdelay_go1.26.trace");
  ReadOptions late;
  late.startNs = int64_t(3600) * 1000000000;
  try {
    findTraceCut(v2.readAll(), "stwdelay_go1.26.trace", late);
    FAIL() << "a window after the end was cut";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("after the trace's last event"), std::string::npos) << e.what();
  }
  // Damage inside the window: an error, nothing cut.
  Input whole = Input::open(dir + "flowcontrol_go1.26.trace");
  const auto bytes = whole.readAll();
  std::vector<uint8_t> damaged(bytes.begin(), bytes.begin() + long(bytes.size() / 2));
  EXPECT_THROW(findTraceCut(damaged, "half.trace", {}), Error);
}

// Go's parser read these cuts (testdata/oracle_cuts/cuts.txt: trace, start,
// end, and the oracle JSON it recorded of the cut): our reading of our cut
// equals it.
TEST(Etcut, GosParserReadTheRecordedCuts) {
  std::ifstream list(testdataDir() + "/oracle_cuts/cuts.txt");
  ASSERT_TRUE(list);
  int checked = 0;
  for (std::string line; std::getline(list, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string trace, start, end, json;
    fields >> trace >> start >> end >> json;
    SCOPED_TRACE(line);
    const auto s = parseGoDuration(start), e = parseGoDuration(end);
    ASSERT_TRUE(s && e);
    const fs::path cut = cutTo(testdataDir() + "/traces/" + trace, *s, *e, json);
    expectMatchesOracle(cut, testdataDir() + "/oracle_cuts/" + json);
    std::ifstream oracle(testdataDir() + "/oracle_cuts/" + json);
    // The very file Go's parser read.
    EXPECT_EQ(fs::file_size(cut), nlohmann::json::parse(oracle)["bytes"].get<uint64_t>());
    fs::remove(cut);
    checked++;
  }
  EXPECT_GE(checked, 4);
}

}  // namespace
}  // namespace gotrace::testing
