// grstates' analysis: the state machines goroutines run through. A node is a
// goroutine state with the call stack it was in; an edge counts how often
// goroutines went from one node to the next. Stackless steps (Runnable,
// Running between blocking points) become "via" annotations of edges.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

struct GraphNode {
  enum class Kind { New, State, Exit };
  std::string id;     // state and stack (root first, "function:line"); equal text = one node
  std::string label;  // the text shown
  Kind kind = Kind::State;
  uint64_t count = 0;   // goroutines created into it (New), traversals in and out (State), exits (Exit)
  std::optional<Event> example;  // the earliest event that shows it
};

struct GraphEdge {
  std::string from, to;  // node ids
  uint64_t weight = 0;   // how many times goroutines took it
  std::optional<Event> example;  // the earliest event that took it
};

struct GoroutineGraph {
  std::vector<GraphNode> nodes;  // New by count, then State by count, then Exit by count (ties by id)
  std::vector<GraphEdge> edges;  // by (from, to)
  uint64_t maxWeight = 0;
};

// The start function of the goroutines a node belongs to: the root frame
// of its stack ("" for a stackless node).
std::string_view nodeStartFunction(const GraphNode& node);

struct GraphPruning {
  // Keep the nodes of goroutines whose start function passes (empty: all).
  std::function<bool(std::string_view startFunction)> startFunction;
  // Drop edges taken fewer times than this, and nodes left without edges.
  uint64_t minCount = 0;
};
// What is left of `graph` (node and edge order kept).
GoroutineGraph pruneGraph(const GoroutineGraph& graph, const GraphPruning& pruning);

// The smallest -min-count that leaves at most `maxEdges` edges.
uint64_t minCountForEdges(const GoroutineGraph& graph, size_t maxEdges);

class GoroutineGraphBuilder {
 public:
  // `tables` are the trace reader's, which must outlive the builder.
  explicit GoroutineGraphBuilder(const TraceTables& tables);

  // An EventConsumer (trace/event_consumer.h).
  void add(const Event& ev, const TraceTables& tables);
  void finish() {}

  GoroutineGraph build() const;

 private:
  struct Node {
    StackId stack = kNoStack;
    GoState state = GoState::Undetermined;
    bool operator==(const Node&) const = default;
  };
  using Via = std::array<GoState, 8>;  // the stackless states passed through, newest first
  struct EdgeKey {
    Node from, to;
    Via via{};
    bool operator==(const EdgeKey&) const = default;
  };
  using NodePair = std::pair<Node, Node>;
  struct Hash {
    size_t operator()(const Node& n) const { return size_t(n.stack) * 8 + size_t(n.state); }
    size_t operator()(const NodePair& p) const { return (*this)(p.first) * 1000003 ^ (*this)(p.second); }
    size_t operator()(const EdgeKey& k) const;
  };
  // The earliest event offered (ties: the later one in the trace, as Go's
  // tool kept it). The event is formatted only when the graph is built.
  struct Example {
    bool set = false;
    uint64_t order = 0;  // position of the offer in the trace
    Event event;
    void offer(const Event& ev, uint64_t at);
    void keepEarlier(const Example& other);
  };
  struct Tally {
    uint64_t count = 0;
    Example example;
  };
  struct Goroutine {
    std::unordered_map<EdgeKey, Tally, Hash> edges;  // distinct edges: the graph counts some per goroutine
    Node prev;
    Via via{};
    GoState current = GoState::Undetermined;
    bool preempted = false;
  };
  // What the graph is built from: goroutines fold into it when they exit,
  // so memory follows the live goroutines, not the trace.
  struct Totals {
    std::unordered_map<NodePair, uint64_t, Hash> creations;  // (creation node, first node): goroutines
    std::unordered_map<NodePair, Tally, Hash> moves;         // regular edges
    std::unordered_map<Node, uint64_t, Hash> traversals;     // state nodes: moves in and out
    std::unordered_map<Node, Tally, Hash> exits;
  };
  enum StackFlags : uint8_t { kKnown = 1, kEmpty = 2, kMalloc = 4, kBuggy = 8, kGosched = 16 };

  void origin(Goroutine& g, const Event& ev, StackId stk);
  void target(Goroutine& g, const Event& ev, StackId stk);
  void notice(Goroutine& g, const Event& ev, StackId stk, GoState to);
  void fold(const Goroutine& g, Totals& into) const;
  uint8_t flags(StackId s);
  bool isAsyncPreemption(const Event& ev);
  bool isSkipped(StackId s) { return flags(s) & (kMalloc | kBuggy); }
  std::string nodeId(const Node& n) const;

  const TraceTables& tables_;
  uint64_t offers_ = 0;
  std::unordered_map<int64_t, Goroutine> goroutines_;  // the live ones
  Totals totals_;
  std::unordered_map<Node, Example, Hash> nodeExamples_;
  std::vector<uint8_t> stackFlags_;  // by stack id
};

}  // namespace gotrace
