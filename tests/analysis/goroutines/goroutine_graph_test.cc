// grstates' goroutine graph: the algorithm on a hand-written trace, and facts
// about real traces checked against counts taken independently (the
// workload's own counters, a plain scan of the events).
#include "gotrace/analysis/goroutines/goroutine_graph.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gotrace/base/sha256.h"
#include "gotrace/render/event_text.h"
#include "gotrace/render/graph_dot.h"
#include "gotrace/render/graphviz.h"
#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace fs = std::filesystem;

namespace gotrace::testing {
namespace {

GoroutineGraph graphOf(TraceReader& reader) {
  GoroutineGraphBuilder b(reader.tables());
  Event ev;
  while (reader.next(ev)) b.add(ev, reader.tables());
  return b.build();
}

// The graph of a testdata trace as grstates writes it (DOT).
std::string dotOfFile(const std::string& name) {
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/" + name));
  return renderGraphDot(graphOf(*reader), reader->tables());
}

std::string lineOf(const std::optional<Event>& ev, const TraceTables& tables) {
  std::string out;
  if (ev) appendEventLine(out, *ev, tables);
  return out;
}

const GraphEdge* findEdge(const GoroutineGraph& g, const std::string& from, const std::string& to) {
  for (const GraphEdge& e : g.edges) {
    if (e.from == from && e.to == to) return &e;
  }
  return nullptr;
}

TEST(GoroutineGraph, HandWrittenTrace) {
  // G1 (main.main:20) creates G5 and G6 in main.worker, then blocks; G5
  // blocks in main.worker:12 (gopark), G6 exits.
  auto reader = openTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoCreate dt=1 new_g=5 new_stack=1 stack=3
GoCreate dt=1 new_g=6 new_stack=1 stack=3
GoBlock dt=1 reason_string=3 stack=3
GoStart dt=1 g=5 g_seq=1
GoBlock dt=1 reason_string=3 stack=2
GoStart dt=1 g=6 g_seq=1
GoDestroy dt=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=1 nframes=1
	pc=100 func=1 file=2 line=10
Stack id=2 nframes=2
	pc=200 func=5 file=2 line=5
	pc=101 func=1 file=2 line=12
Stack id=3 nframes=1
	pc=300 func=4 file=2 line=20
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="main.worker"
String id=2
	data="main.go"
String id=3
	data="chan receive"
String id=4
	data="main.main"
String id=5
	data="runtime.gopark"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR", "t");
  GoroutineGraph g = graphOf(*reader);

  const std::string worker = "Runnable\nmain.worker:10\n";
  const std::string parked = "Waiting\nmain.worker:12\nruntime.gopark:5\n";
  const std::string creator = "Running\nmain.main:20\n";
  const std::string blocked = "Waiting\nmain.main:20\n";
  ASSERT_EQ(g.nodes.size(), 5u);
  // New goroutines first (two were created into the node), then states by
  // traversals, then exits.
  EXPECT_EQ(g.nodes[0].id, worker);
  EXPECT_EQ(g.nodes[0].kind, GraphNode::Kind::New);
  EXPECT_EQ(g.nodes[0].count, 2u);
  EXPECT_EQ(g.nodes[0].label, "New goroutine\n" + worker);
  EXPECT_EQ(lineOf(g.nodes[0].example, reader->tables()), "M=1 P=0 G=1 StateTransition Time=13 GoID=5 NotExist->Runnable Reason=\"\"");
  EXPECT_EQ(g.nodes[1].id, creator);
  EXPECT_EQ(g.nodes[1].count, 3u);  // a self loop (two creations in a row) and the block
  EXPECT_EQ(g.nodes[2].id, blocked);
  EXPECT_EQ(g.nodes[3].id, parked);
  EXPECT_EQ(g.nodes[4].id, "EXIT_" + worker);
  EXPECT_EQ(g.nodes[4].kind, GraphNode::Kind::Exit);

  ASSERT_EQ(g.edges.size(), 4u);
  const GraphEdge* toParked = findEdge(g, worker, parked);
  ASSERT_TRUE(toParked);
  EXPECT_EQ(toParked->weight, 1u);
  // Edges show a real example (the original showed a zero event).
  EXPECT_EQ(lineOf(toParked->example, reader->tables()), "M=1 P=0 G=5 StateTransition Time=17 GoID=5 Running->Waiting Reason=\"chan receive\"");
  const GraphEdge* exit = findEdge(g, worker, "EXIT_" + worker);
  ASSERT_TRUE(exit);
  EXPECT_EQ(lineOf(exit->example, reader->tables()), "M=1 P=0 G=6 StateTransition Time=19 GoID=6 Running->NotExist Reason=\"\"");
  EXPECT_TRUE(findEdge(g, creator, creator));
  EXPECT_TRUE(findEdge(g, creator, blocked));
  EXPECT_EQ(g.maxWeight, 1u);

  // Every weight is 1: widths are 1, not NaN as in the original.
  std::string dot = renderGraphDot(g, reader->tables());
  EXPECT_EQ(dot.find("NaN"), std::string::npos);
  EXPECT_EQ(dot.find("nan"), std::string::npos);
  EXPECT_NE(dot.find("penwidth=1.000000"), std::string::npos);
  EXPECT_EQ(dot.find("G=0 Bad"), std::string::npos);
}

TEST(GoroutineGraph, PenWidthsScaleBetweenOneAndFive) {
  GoroutineGraph g;
  g.edges = {{"a\n", "b\n", 1, {}}, {"a\n", "c\n", 10, {}}, {"a\n", "d\n", 100, {}}};
  g.maxWeight = 100;
  TraceTables tables;
  std::string dot = renderGraphDot(g, tables);
  EXPECT_NE(dot.find("[weight=1,penwidth=1.000000,"), std::string::npos) << dot;
  EXPECT_NE(dot.find("[weight=10,penwidth=3.000000,"), std::string::npos) << dot;
  EXPECT_NE(dot.find("[weight=100,penwidth=5.000000,"), std::string::npos) << dot;
}

TEST(GoroutineGraph, FlowcontrolStallEdge) {
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/flowcontrol_go1.22.trace"));
  GoroutineGraph g = graphOf(*reader);
  std::ifstream tf(testdataDir() + "/truth/flowcontrol_go1.22.json");
  const int64_t stalls = nlohmann::json::parse(tf)["counters"]["stalls_timed_out"];
  // The senders wait for quota in the select of main.main.func2 (line 153);
  // a stalled one times out and pushes the stranded quota back with
  // pool.add(0) on line 168, waking a waiting sender.
  const std::string quotaWait = "Waiting\nmain.main.func2:153\nruntime.selectgo:327\n";
  const std::string stallRecovery =
      "Running\nmain.main.func2:168\nmain.(*quotaPool).add:64\nruntime.selectnbsend:694\n";
  const GraphEdge* stall = findEdge(g, quotaWait, stallRecovery);
  ASSERT_TRUE(stall);
  EXPECT_EQ(int64_t(stall->weight), stalls);
  // The 48 stream goroutines start in main.main.func2.
  bool found = false;
  for (const GraphNode& n : g.nodes) {
    if (n.id == "Runnable\nmain.main.func2:140\n") {
      EXPECT_EQ(n.kind, GraphNode::Kind::New);
      EXPECT_EQ(n.count, 48u);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(GoroutineGraph, HttpServerConnectionsWaitOnNetworkAndMutex) {
  // Independent count: blocking transitions of goroutines whose stack's root
  // is net/http.(*conn).serve, by reason and leaf function.
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/httpserver_go1.26.trace"));
  GoroutineGraphBuilder builder(reader->tables());
  const TraceTables& t = reader->tables();
  int64_t network = 0, mutex = 0;
  Event ev;
  while (reader->next(ev)) {
    builder.add(ev, t);
    if (ev.kind != EventKind::StateTransition || ev.transition.goTo() != GoState::Waiting ||
        ev.transition.goFrom() != GoState::Running || ev.stack == kNoStack) {
      continue;
    }
    auto frames = t.stacks.frames(ev.stack);
    if (frames.empty() || t.strings.view(t.stacks.frame(frames.back()).func) != "net/http.(*conn).serve") continue;
    std::string_view reason = t.strings.view(ev.transition.reason);
    std::string_view leaf = t.strings.view(t.stacks.frame(frames.front()).func);
    if (reason == "network") network++;
    if (reason == "sync" && leaf == "sync.(*Mutex).Lock") mutex++;
  }
  GoroutineGraph g = builder.build();
  int64_t intoNetwork = 0, intoMutex = 0;
  for (const GraphEdge& e : g.edges) {
    if (!e.to.starts_with("Waiting\nnet/http.(*conn).serve:")) continue;
    if (e.to.ends_with("\ninternal/poll.(*FD).Read:165\n")) intoNetwork += int64_t(e.weight);
    if (e.to.find("\nsync.(*Mutex).Lock:") != std::string::npos) intoMutex += int64_t(e.weight);
  }
  EXPECT_GT(network, 1000);
  EXPECT_GT(mutex, 100);
  EXPECT_EQ(intoNetwork, network);
  EXPECT_EQ(intoMutex, mutex);
}

// Edges are labelled with their counts: the stall edge of the flowcontrol
// trace says how many stalls timed out, by the workload's own counter.
TEST(GoroutineGraph, EdgesShowTheirCounts) {
  const std::string dot = dotOfFile("flowcontrol_go1.22.trace");
  std::ifstream tf(testdataDir() + "/truth/flowcontrol_go1.22.json");
  const int64_t stalls = nlohmann::json::parse(tf)["counters"]["stalls_timed_out"];
  ASSERT_GT(stalls, 1);
  const std::string quotaWait = "Waiting\nmain.main.func2:153\nruntime.selectgo:327\n";
  const std::string stallRecovery =
      "Running\nmain.main.func2:168\nmain.(*quotaPool).add:64\nruntime.selectnbsend:694\n";
  const std::string edge = "\th" + sha256Hex(quotaWait) + " -> h" + sha256Hex(stallRecovery) + " [";
  const size_t at = dot.find(edge);
  ASSERT_NE(at, std::string::npos);
  const std::string line = dot.substr(at, dot.find('\n', at) - at);
  EXPECT_NE(line.find(",label=\"" + std::to_string(stalls) + "\","), std::string::npos) << line;
  // Every edge has a label.
  size_t edges = 0, labelled = 0;
  std::istringstream lines(dot);
  for (std::string l; std::getline(lines, l);) {
    if (l.find(" -> ") == std::string::npos) continue;
    edges++;
    labelled += l.find(",label=\"") != std::string::npos;
  }
  EXPECT_GT(edges, 10u);
  EXPECT_EQ(labelled, edges);
}

// The SVG for a browser opens fitted to the window: 100% wide and high, the
// graph's own viewBox kept and scaled into it whole; the pan/zoom group
// starts untransformed.
TEST(GoroutineGraph, SvgFitsTheWindow) {
  const std::string fromDot =
      "<?xml version=\"1.0\"?>\n<svg width=\"620pt\" height=\"1240pt\"\n viewBox=\"0.00 0.00 620.00 1240.00\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n<g id=\"graph0\" class=\"graph\"><title>A</title></g>\n</svg>\n";
  const std::string svg = makeSvgPannable(fromDot);
  EXPECT_NE(svg.find("<svg width=\"100%\" height=\"100%\" viewBox=\"0.00 0.00 620.00 1240.00\" "
                     "preserveAspectRatio=\"xMidYMid meet\""),
            std::string::npos)
      << svg;
  EXPECT_EQ(svg.find("620pt"), std::string::npos);
  EXPECT_NE(svg.find("<g id=\"viewport\" transform=\"translate(0,0) scale(1)\">\n<g id=\"graph0\""),
            std::string::npos);
  EXPECT_NE(svg.find("getScreenCTM"), std::string::npos);  // the pointer mapped into the viewBox's units
}

TEST(GoroutineGraph, GoldenDotIsDeterministic) {
  const std::string dot = dotOfFile("flowcontrol_go1.22.trace");
  EXPECT_EQ(dot, dotOfFile("flowcontrol_go1.22.trace"));
  std::ifstream f(testdataDir() + "/golden/grstates/flowcontrol_go1.22.dot");
  ASSERT_TRUE(f) << "missing golden";
  std::stringstream want;
  want << f.rdbuf();
  EXPECT_EQ(dot, want.str()) << "update with: build/tools/grstates testdata/traces/flowcontrol_go1.22.trace "
                                "> testdata/golden/grstates/flowcontrol_go1.22.dot (and review it)";
}

// grstates -goroutines=RE and -min-count=N, on a graph written by hand:
// goroutines of main.a (three states, an exit) and of main.b.
TEST(GraphPruning, ByStartFunctionAndCount) {
  GoroutineGraph g;
  auto node = [&](std::string id, GraphNode::Kind kind, uint64_t count) {
    GraphNode n;
    n.id = std::move(id);
    n.kind = kind;
    n.count = count;
    g.nodes.push_back(n);
  };
  const std::string aRun = "Running\nmain.a:1\n", aWait = "Waiting\nmain.a:1\nsync.(*Mutex).Lock:9\n";
  const std::string bRun = "Running\nmain.b:3\n", aExit = "EXIT_" + aWait;
  node(aRun, GraphNode::Kind::New, 10);
  node(aWait, GraphNode::Kind::State, 20);
  node(bRun, GraphNode::Kind::State, 2);
  node(aExit, GraphNode::Kind::Exit, 10);
  g.edges = {{aRun, aWait, 10, {}}, {aWait, aRun, 9, {}}, {aWait, aExit, 10, {}}, {bRun, bRun, 1, {}}};
  g.maxWeight = 10;

  EXPECT_EQ(nodeStartFunction(g.nodes[1]), "main.a");
  EXPECT_EQ(nodeStartFunction(g.nodes[3]), "main.a");
  GraphNode stackless;
  stackless.id = "Runnable\n";
  EXPECT_EQ(nodeStartFunction(stackless), "");

  const GoroutineGraph onlyB = pruneGraph(g, {[](std::string_view f) { return f == "main.b"; }, 0});
  ASSERT_EQ(onlyB.nodes.size(), 1u);
  EXPECT_EQ(onlyB.nodes[0].id, bRun);
  ASSERT_EQ(onlyB.edges.size(), 1u);
  EXPECT_EQ(onlyB.maxWeight, 1u);

  const GoroutineGraph busy = pruneGraph(g, {{}, 10});
  ASSERT_EQ(busy.edges.size(), 2u);  // 10 and 10; the 9 and the 1 are left out
  std::vector<std::string> ids;
  for (const GraphNode& n : busy.nodes) ids.push_back(n.id);
  EXPECT_EQ(ids, (std::vector<std::string>{aRun, aWait, aExit}));  // main.b has no edge left

  EXPECT_EQ(minCountForEdges(g, 4), 0u);   // small enough already
  EXPECT_EQ(minCountForEdges(g, 3), 2u);   // drops the 1
  EXPECT_EQ(minCountForEdges(g, 2), 10u);  // drops the 9 too
  EXPECT_EQ(pruneGraph(g, {{}, minCountForEdges(g, 3)}).edges.size(), 3u);
}

}  // namespace
}  // namespace gotrace::testing
