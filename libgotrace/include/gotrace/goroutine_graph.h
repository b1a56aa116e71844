// grstates' analysis: the state machines goroutines run through. A node is a
// goroutine state with the call stack it was in; an edge counts how often
// goroutines went from one node to the next. Stackless steps (Runnable,
// Running between blocking points) become "via" annotations of edges.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "gotrace/event.h"
#include "gotrace/trace.h"

namespace gotrace {

struct GraphNode {
  enum class Kind { New, State, Exit };
  std::string id;     // state and stack (root first, "function:line"); equal text = one node
  std::string label;  // the text shown
  Kind kind = Kind::State;
  uint64_t count = 0;   // goroutines created into it (New), traversals in and out (State), exits (Exit)
  std::string example;  // the first line of the earliest event that shows it
};

struct GraphEdge {
  std::string from, to;  // node ids
  uint64_t weight = 0;   // how many times goroutines took it
  std::string example;   // the first line of the earliest event that took it
};

struct GoroutineGraph {
  std::vector<GraphNode> nodes;  // New by count, then State by count, then Exit by count (ties by id)
  std::vector<GraphEdge> edges;  // by (from, to)
  uint64_t maxWeight = 0;
};

class GoroutineGraphBuilder {
 public:
  // `tables` are the trace reader's, which must outlive the builder.
  explicit GoroutineGraphBuilder(const TraceTables& tables);

  // Feed every event of the trace, in order.
  void add(const Event& ev);

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
  struct Hash {
    size_t operator()(const Node& n) const { return size_t(n.stack) * 8 + size_t(n.state); }
    size_t operator()(const EdgeKey& k) const;
  };
  struct Example {
    int64_t time = 0;
    std::string text;
  };
  struct EdgeRecord {
    uint64_t count = 0;
    Example example;
  };
  struct Goroutine {
    std::unordered_map<EdgeKey, EdgeRecord, Hash> edges;
    Node prev;
    Via via{};
    GoState current = GoState::Undetermined;
    bool preempted = false;
  };

  void origin(Goroutine& g, const Event& ev, StackId stk);
  void target(Goroutine& g, const Event& ev, StackId stk);
  void notice(Goroutine& g, const Event& ev, StackId stk, GoState to);
  void offer(Example& slot, const Event& ev) const;
  bool isEmpty(StackId s) const;
  bool hasFunction(StackId s, std::string_view name) const;
  bool isMalloc(StackId s) const;
  bool isBuggy(StackId s) const;
  bool isAsyncPreemption(const Event& ev) const;
  std::string nodeId(const Node& n) const;

  const TraceTables& tables_;
  std::map<int64_t, Goroutine> goroutines_;  // ordered: graphs are built by goroutine id
  std::unordered_map<Node, Example, Hash> nodeExamples_;
};

}  // namespace gotrace
