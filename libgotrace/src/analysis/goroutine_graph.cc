#include "gotrace/goroutine_graph.h"

#include <fmt/format.h>

#include <algorithm>

#include "gotrace/event_text.h"

namespace gotrace {

size_t GoroutineGraphBuilder::Hash::operator()(const EdgeKey& k) const {
  size_t h = (*this)(k.from) * 1000003 ^ (*this)(k.to);
  for (GoState s : k.via) h = h * 7 + size_t(s);
  return h;
}

GoroutineGraphBuilder::GoroutineGraphBuilder(const TraceTables& tables) : tables_(tables) {}

bool GoroutineGraphBuilder::isEmpty(StackId s) const { return s == kNoStack || tables_.stacks.frames(s).empty(); }

bool GoroutineGraphBuilder::hasFunction(StackId s, std::string_view name) const {
  if (s == kNoStack) return false;
  for (FrameId f : tables_.stacks.frames(s)) {
    if (tables_.strings.view(tables_.stacks.frame(f).func) == name) return true;
  }
  return false;
}

// Allocation may assist the GC: not a synchronization point.
bool GoroutineGraphBuilder::isMalloc(StackId s) const { return hasFunction(s, "runtime.mallocgc"); }

// Stacks with line-0 frames are unreliable (go.dev/issue/68090).
bool GoroutineGraphBuilder::isBuggy(StackId s) const {
  if (s == kNoStack) return false;
  for (FrameId f : tables_.stacks.frames(s)) {
    if (tables_.stacks.frame(f).line == 0) return true;
  }
  return false;
}

namespace {

bool isPreemption(const Event& ev) {
  return ev.transition.goFrom() == GoState::Running && ev.transition.goTo() == GoState::Runnable;
}

}  // namespace

bool GoroutineGraphBuilder::isAsyncPreemption(const Event& ev) const {
  return isPreemption(ev) && !hasFunction(ev.stack, "runtime.Gosched");
}

void GoroutineGraphBuilder::offer(Example& slot, const Event& ev) const {
  if (!slot.text.empty() && ev.time > slot.time) return;
  slot.time = ev.time;
  slot.text.clear();
  appendEventLine(slot.text, ev, tables_);
}

void GoroutineGraphBuilder::add(const Event& ev) {
  if (ev.kind != EventKind::StateTransition || ev.transition.resource.kind != ResourceKind::Goroutine) return;
  const int64_t src = ev.goroutine;
  const int64_t dst = ev.transition.resource.id;
  // Interned stacks are canonical: equal frame lists have one id.
  const StackId srcStk = ev.stack;
  const StackId dstStk = ev.transition.stack;
  if (src != dst) {
    if (src != kNoGoroutine) origin(goroutines_[src], ev, srcStk);
    if (dst != kNoGoroutine) target(goroutines_[dst], ev, dstStk);
  } else if (dst != kNoGoroutine) {
    target(goroutines_[dst], ev, srcStk);
  }
}

// The goroutine makes another change state (wakes it, creates it).
void GoroutineGraphBuilder::origin(Goroutine& g, const Event& ev, StackId stk) {
  if (g.current == GoState::Undetermined) g.current = GoState::Running;  // causing things: it runs
  if (isEmpty(stk)) return;
  notice(g, ev, stk, g.current);
  if (!isAsyncPreemption(ev) && !isMalloc(stk) && !isBuggy(stk)) g.prev = Node{stk, g.current};
}

// The goroutine itself changes state.
void GoroutineGraphBuilder::target(Goroutine& g, const Event& ev, StackId stk) {
  if (ev.transition.goFrom() == GoState::NotExist) {
    g.prev = Node{stk, GoState::NotExist};
    offer(nodeExamples_[g.prev], ev);
  }
  notice(g, ev, stk, ev.transition.goTo());
  g.current = ev.transition.goTo();
}

void GoroutineGraphBuilder::notice(Goroutine& g, const Event& ev, StackId stk, GoState to) {
  if (g.preempted) {
    if (to == GoState::Running) return;  // resuming after a preemption is no new state
    g.preempted = false;
  }
  if (isPreemption(ev)) g.preempted = true;
  if (isAsyncPreemption(ev) || isMalloc(stk) || isBuggy(stk)) return;
  if (isEmpty(stk) && to != GoState::NotExist) {
    // A stackless step (runnable, running) annotates the next edge.
    std::move_backward(g.via.begin(), g.via.end() - 1, g.via.end());
    g.via[0] = to;
    return;
  }
  const Node next{stk, to};
  EdgeRecord& rec = g.edges[EdgeKey{g.prev, next, g.via}];
  rec.count++;
  offer(rec.example, ev);
  offer(nodeExamples_[next], ev);
  g.prev = next;
  g.via.fill(GoState::Undetermined);
}

std::string GoroutineGraphBuilder::nodeId(const Node& n) const {
  std::string out(stateName(n.state));
  out += '\n';
  if (n.stack == kNoStack) return out;
  auto frames = tables_.stacks.frames(n.stack);
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {  // root first
    const Frame& f = tables_.stacks.frame(*it);
    out += fmt::format("{}:{}\n", tables_.strings.view(f.func), f.line);
  }
  return out;
}

GoroutineGraph GoroutineGraphBuilder::build() const {
  struct NodeAgg {
    uint64_t count = 0;
    Example example;
  };
  auto earliest = [](Example& into, const Example& e) {
    if (e.text.empty()) return;
    if (into.text.empty() || e.time < into.time) into = e;
  };
  std::map<std::string, NodeAgg> created, states, exits;
  std::map<std::pair<std::string, std::string>, NodeAgg> edges;
  auto nodeExample = [&](const Node& n) {
    auto it = nodeExamples_.find(n);
    return it == nodeExamples_.end() ? Example{} : it->second;
  };

  for (const auto& [id, g] : goroutines_) {
    for (const auto& [key, rec] : g.edges) {
      if (isEmpty(key.from.stack)) continue;
      const std::string from = nodeId(key.from);
      const std::string to = nodeId(key.to);
      if (key.from.state == GoState::NotExist) {
        NodeAgg& n = created[to];
        n.count++;
        earliest(n.example, nodeExample(key.from));  // the creation
      } else if (key.to.state == GoState::NotExist) {
        NodeAgg& n = exits[from];
        n.count += rec.count;
        earliest(n.example, rec.example);
      } else {
        NodeAgg& e = edges[{from, to}];
        e.count += rec.count;
        earliest(e.example, rec.example);
        for (const std::string* id : {&from, &to}) {
          NodeAgg& n = states[*id];
          n.count += rec.count;
        }
        earliest(states[to].example, nodeExample(key.to));
        earliest(states[from].example, nodeExample(key.from));
      }
    }
  }

  GoroutineGraph graph;
  auto addNodes = [&](const std::map<std::string, NodeAgg>& nodes, GraphNode::Kind kind) {
    std::vector<GraphNode> list;
    for (const auto& [id, agg] : nodes) {
      if (kind == GraphNode::Kind::State && created.count(id)) continue;  // drawn as a new goroutine
      GraphNode n;
      n.kind = kind;
      n.count = agg.count;
      n.example = agg.example.text;
      switch (kind) {
        case GraphNode::Kind::New:
          n.id = id;
          n.label = "New goroutine\n" + id;
          break;
        case GraphNode::Kind::State:
          n.id = id;
          n.label = id;
          break;
        case GraphNode::Kind::Exit:
          n.id = "EXIT_" + id;
          n.label = "EXIT";
          break;
      }
      list.push_back(std::move(n));
    }
    std::stable_sort(list.begin(), list.end(), [](const GraphNode& a, const GraphNode& b) {
      if (a.count != b.count) return a.count > b.count;
      return a.id < b.id;
    });
    graph.nodes.insert(graph.nodes.end(), list.begin(), list.end());
  };
  addNodes(created, GraphNode::Kind::New);
  addNodes(states, GraphNode::Kind::State);
  addNodes(exits, GraphNode::Kind::Exit);

  for (const auto& [ends, agg] : edges) graph.edges.push_back({ends.first, ends.second, agg.count, agg.example.text});
  for (const auto& [id, agg] : exits) graph.edges.push_back({id, "EXIT_" + id, agg.count, agg.example.text});
  std::sort(graph.edges.begin(), graph.edges.end(), [](const GraphEdge& a, const GraphEdge& b) {
    return std::tie(a.from, a.to) < std::tie(b.from, b.to);
  });
  for (const GraphEdge& e : graph.edges) graph.maxWeight = std::max(graph.maxWeight, e.weight);
  return graph;
}

}  // namespace gotrace
