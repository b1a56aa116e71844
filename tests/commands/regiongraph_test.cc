// regiongraph on `go test -trace` traces (testdata/programs/httptests: 55
// tests, each with its own server and client): the test harness's wakes
// explain nothing, and JSON too deep for jq is written flat and read back.
#include "gotrace/commands/regiongraph.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_causes.h"
#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/analysis/regions/span_tree.h"
#include "gotrace/commands/span_json.h"
#include "gotrace/commands/span_json_reader.h"
#include "support/trace_run.h"

namespace gotrace::commands {
namespace {

std::string traceOf(const std::string& name) { return testing::testdataDir() + "/traces/" + name + ".trace"; }

// A testdata trace's span forest with the whole-trace analyses under it.
struct TraceForest {
  explicit TraceForest(const std::string& name)
      : reader(TraceReader::open(Input::open(traceOf(name)))),
        timelines(GoroutineTimelines::read(*reader, &damage)),
        regions(RegionSet::find(timelines, patterns)),
        causes(RegionCauses::link(regions)),
        forest(causes) {}
  std::unique_ptr<TraceReader> reader;
  std::optional<Error> damage;
  GoroutineTimelines timelines;
  RegionPatterns patterns = RegionPatterns::builtin();
  RegionSet regions;
  RegionCauses causes;
  SpanForest forest;
};

size_t countSpans(const Span& root) {
  size_t n = 0;
  std::vector<const Span*> todo{&root};
  while (!todo.empty()) {
    const Span* s = todo.back();
    todo.pop_back();
    n++;
    for (const Span& c : s->caused) todo.push_back(&c);
  }
  return n;
}

// Issue 18, defect 7: the first dial of a test run woke testing.tRunner,
// which woke main.main, which started every later test, so one tree held
// most of the run's regions. Now no tree holds main.main, none holds more
// than a small part of the run, and none nests deep.
TEST(RegiongraphGoTest, HarnessWakesExplainNothing) {
  for (const char* name : {"httptests_go1.21", "httptests_go1.26"}) {
    SCOPED_TRACE(name);
    const TraceForest f(name);
    ASSERT_FALSE(f.damage);
    const SpanForest& forest = f.forest;
    size_t total = 0, largest = 0, deepest = 0, mains = 0;
    std::function<size_t(const Span&)> count = [&](const Span& s) {
      mains += s.kind == "main.main";
      size_t n = 1;
      for (const Span& c : s.caused) n += count(c);
      return n;
    };
    for (size_t i = 0; i < forest.rootCount(); i++) {
      const Span tree = forest.tree(i);
      const size_t n = count(tree);
      total += n;
      largest = std::max(largest, n);
      deepest = std::max(deepest, spanTreeDepth(tree));
      EXPECT_EQ(forest.depth(i), spanTreeDepth(tree)) << "tree " << i;
    }
    EXPECT_GT(total, 2000u);
    EXPECT_EQ(mains, 0u);
    EXPECT_LT(largest * 20, total) << "a tree holds " << largest << " of " << total << " spans";
    EXPECT_LT(deepest, 20u);
  }
}

struct ToolRun {
  int code = 0;
  std::string out, err;
};

ToolRun run(RegiongraphOptions options) {
  char path[] = "/tmp/gotrace_regiongraph_XXXXXX";
  const int fd = mkstemp(path);
  std::ostringstream err;
  ToolRun r;
  {
    cli::Console console("regiongraph", fd, &err);
    r.code = runRegiongraph(options, console);
    console.out().flush();
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  r.out = text.str();
  r.err = err.str();
  close(fd);
  unlink(path);
  return r;
}

std::vector<std::string> nestedLines(const std::vector<Span>& trees) {
  std::vector<std::string> lines;
  for (const Span& t : trees) {
    lines.emplace_back();
    appendSpanJson(lines.back(), t, 0);
  }
  return lines;
}

// -json with trees deeper than the limit: every span on a line of its own,
// with ids, said on stderr; read back, the same trees as nested -json.
// -summarize likewise keeps its tree in "Spans".
TEST(RegiongraphGoTest, DeepTreesAreWrittenFlat) {
  RegiongraphOptions o;
  o.input = traceOf("httptests_go1.26");
  o.json = true;
  const ToolRun nested = run(o);
  ASSERT_EQ(nested.code, 0);
  EXPECT_EQ(nested.err, "");
  const std::vector<Span> trees = readSpanTreesJson(nested.out);
  size_t deepest = 0;
  for (const Span& t : trees) deepest = std::max(deepest, spanTreeDepth(t));
  ASSERT_GE(deepest, 4u);

  o.maxJsonDepth = deepest - 1;
  const ToolRun flat = run(o);
  ASSERT_EQ(flat.code, 0);
  EXPECT_NE(flat.err.find("regiongraph: a span tree is " + std::to_string(deepest) + " spans deep"),
            std::string::npos)
      << flat.err;
  // One line per span, none nested.
  size_t spans = 0, lines = 0;
  std::function<void(const Span&)> countSpans = [&](const Span& s) {
    spans++;
    for (const Span& c : s.caused) countSpans(c);
  };
  for (const Span& t : trees) countSpans(t);
  std::istringstream in(flat.out);
  for (std::string line; std::getline(in, line); lines++) {
    EXPECT_EQ(line.rfind("{\"id\":", 0), 0u) << line;
    EXPECT_NE(line.find("\"Caused\":null}"), std::string::npos) << line;
  }
  EXPECT_EQ(lines, spans);
  EXPECT_TRUE(nestedLines(readSpanTreesJson(flat.out)) == nestedLines(trees));

  // -flat asked for: the same lines, without a note.
  RegiongraphOptions asked = o;
  asked.maxJsonDepth = 100;
  asked.flat = true;
  const ToolRun flag = run(asked);
  EXPECT_TRUE(flag.out == flat.out);
  EXPECT_EQ(flag.err, "");

  // Summaries: Root alone, its tree in Spans; read back, the same trees.
  o.summarize = true;
  const ToolRun summaries = run(o);
  ASSERT_EQ(summaries.code, 0);
  EXPECT_NE(summaries.out.find("\"Spans\":["), std::string::npos);
  EXPECT_TRUE(nestedLines(readSpanTreesJson(summaries.out)) == nestedLines(trees));
}

// regiongraph writes trees as the forest is walked, never built whole (a
// tree can hold most of a trace): the bytes equal those of the built trees,
// nested and flat, trees and summaries, with ids counting on across trees.
TEST(RegiongraphGoTest, WalkedTreesWriteAsBuiltTrees) {
  for (const char* name : {"httpserver_go1.26", "httptests_go1.21"}) {
    SCOPED_TRACE(name);
    const TraceForest f(name);
    ASSERT_FALSE(f.damage);
    const SpanForest& forest = f.forest;
    ASSERT_GT(forest.rootCount(), 100u);
    const int64_t t0 = f.timelines.traceStart();

    std::string built, builtFlat, builtSummaries, builtFlatSummaries;
    std::string walked, walkedFlat;
    uint64_t builtId = 1, builtSummaryId = 1, walkedId = 1, walkedSummaryId = 1;
    size_t progress = 0, spans = 0;
    const auto path = std::filesystem::temp_directory_path() / (std::string("walked_") + name + ".jsonl");
    {
      FILE* f = std::fopen(path.c_str(), "w");
      ASSERT_TRUE(f);
      OutputBuffer summaries(fileno(f));
      for (size_t i = 0; i < forest.rootCount(); i++) {
        const Span tree = forest.tree(i);
        spans += countSpans(tree);
        appendSpanJson(built, tree, t0);
        appendFlatSpansJson(builtFlat, tree, builtId, t0);
        appendTreeSummaryJson(builtSummaries, summarize(tree), tree, t0);
        builtSummaries += '\n';
        appendFlatTreeSummaryJson(builtFlatSummaries, summarize(tree), tree, builtSummaryId, t0);
        builtFlatSummaries += '\n';

        appendSpanJson(walked, forest, i, t0, [&] { progress++; });
        appendFlatSpansJson(walkedFlat, forest, i, walkedId, t0, [] {});
        writeTreeSummaryJson(summaries, forest, i, /*flat=*/false, walkedSummaryId, t0);
      }
      for (size_t i = 0; i < forest.rootCount(); i++) writeTreeSummaryJson(summaries, forest, i, true, walkedSummaryId, t0);
      summaries.flush();
      std::fclose(f);
    }
    EXPECT_EQ(progress, spans);
    EXPECT_EQ(walked, built);
    EXPECT_EQ(walkedFlat, builtFlat);
    EXPECT_EQ(walkedId, builtId);
    std::ifstream in(path);
    std::stringstream written;
    written << in.rdbuf();
    // The flat summaries' ids follow those of the nested ones, which use none.
    EXPECT_EQ(written.str(), builtSummaries + builtFlatSummaries);
    EXPECT_EQ(walkedSummaryId, builtSummaryId);
    std::filesystem::remove(path);
  }
}

}  // namespace
}  // namespace gotrace::commands
