#include "gotrace/analysis/goroutines/goroutine_graph.h"

#include <fmt/format.h>

#include <algorithm>


namespace gotrace {

size_t GoroutineGraphBuilder::Hash::operator()(const EdgeKey& k) const {
  size_t h = (*this)(k.from) * 1000003 ^ (*this)(k.to);
  for (GoState s : k.via) h = h * 7 + size_t(s);
  return h;
}

GoroutineGraphBuilder::GoroutineGraphBuilder(const TraceTables& tables) : tables_(tables) {}

void GoroutineGraphBuilder::Example::offer(const Event& ev, uint64_t at) {
  if (set && ev.time > event.time) return;
  set = true;
  order = at;
  event = ev;
}

void GoroutineGraphBuilder::Example::keepEarlier(const Example& other) {
  if (!other.set) return;
  if (!set || other.event.time < event.time || (other.event.time == event.time && other.order > order)) {
    *this = other;
  }
}

// What the graph needs to know of a stack, worked out once per stack.
uint8_t GoroutineGraphBuilder::flags(StackId s) {
  if (s >= stackFlags_.size()) stackFlags_.resize(tables_.stacks.size() + 1, 0);
  uint8_t& f = stackFlags_[s];
  if (f & kKnown) return f;
  f = kKnown;
  if (s == kNoStack || tables_.stacks.frames(s).empty()) f |= kEmpty;
  if (s == kNoStack) return f;
  for (FrameId id : tables_.stacks.frames(s)) {
    const Frame& frame = tables_.stacks.frame(id);
    std::string_view func = tables_.strings.view(frame.func);
    // Allocation may assist the GC: not a synchronization point.
    if (func == "runtime.mallocgc") f |= kMalloc;
    if (func == "runtime.Gosched") f |= kGosched;
    // Stacks with line-0 frames are unreliable (go.dev/issue/68090).
    if (frame.line == 0) f |= kBuggy;
  }
  return f;
}

namespace {

bool isPreemption(const Event& ev) {
  return ev.transition.goFrom() == GoState::Running && ev.transition.goTo() == GoState::Runnable;
}

}  // namespace

bool GoroutineGraphBuilder::isAsyncPreemption(const Event& ev) {
  return isPreemption(ev) && !(flags(ev.stack) & kGosched);
}

void GoroutineGraphBuilder::add(const Event& ev, const TraceTables&) {
  if (ev.kind != EventKind::StateTransition || ev.transition.resource.kind != ResourceKind::Goroutine) return;
  offers_++;
  const int64_t src = ev.goroutine;
  const int64_t dst = ev.transition.resource.id;
  // Interned stacks are canonical: equal frame lists have one id.
  const StackId srcStk = ev.stack;
  const StackId dstStk = ev.transition.stack;
  if (src != dst && src != kNoGoroutine) origin(goroutines_[src], ev, srcStk);
  if (dst == kNoGoroutine) return;
  auto it = goroutines_.try_emplace(dst).first;
  target(it->second, ev, src == dst ? srcStk : dstStk);
  if (ev.transition.goTo() == GoState::NotExist) {
    fold(it->second, totals_);
    goroutines_.erase(it);
  }
}

// The goroutine makes another change state (wakes it, creates it).
void GoroutineGraphBuilder::origin(Goroutine& g, const Event& ev, StackId stk) {
  if (g.current == GoState::Undetermined) g.current = GoState::Running;  // causing things: it runs
  if (flags(stk) & kEmpty) return;
  notice(g, ev, stk, g.current);
  if (!isAsyncPreemption(ev) && !isSkipped(stk)) g.prev = Node{stk, g.current};
}

// The goroutine itself changes state.
void GoroutineGraphBuilder::target(Goroutine& g, const Event& ev, StackId stk) {
  if (ev.transition.goFrom() == GoState::NotExist) {
    g.prev = Node{stk, GoState::NotExist};
    nodeExamples_[g.prev].offer(ev, offers_);
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
  if (isAsyncPreemption(ev) || isSkipped(stk)) return;
  if ((flags(stk) & kEmpty) && to != GoState::NotExist) {
    // A stackless step (runnable, running) annotates the next edge.
    std::move_backward(g.via.begin(), g.via.end() - 1, g.via.end());
    g.via[0] = to;
    return;
  }
  const Node next{stk, to};
  Tally& edge = g.edges[EdgeKey{g.prev, next, g.via}];
  edge.count++;
  edge.example.offer(ev, offers_);
  nodeExamples_[next].offer(ev, offers_);
  g.prev = next;
  g.via.fill(GoState::Undetermined);
}

// Adds one goroutine's edges to the totals. Creations and traversals count
// distinct edges of the goroutine (its via annotations included), as the
// original tool did; moves and exits count every time.
void GoroutineGraphBuilder::fold(const Goroutine& g, Totals& into) const {
  for (const auto& [key, edge] : g.edges) {
    if (key.from.stack == kNoStack || tables_.stacks.frames(key.from.stack).empty()) continue;
    if (key.from.state == GoState::NotExist) {
      into.creations[{key.from, key.to}]++;
    } else if (key.to.state == GoState::NotExist) {
      Tally& t = into.exits[key.from];
      t.count += edge.count;
      t.example.keepEarlier(edge.example);
    } else {
      Tally& t = into.moves[{key.from, key.to}];
      t.count += edge.count;
      t.example.keepEarlier(edge.example);
      into.traversals[key.from] += edge.count;
      into.traversals[key.to] += edge.count;
    }
  }
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
  Totals totals = totals_;
  for (const auto& [id, g] : goroutines_) fold(g, totals);

  // Nodes are identified by their text: distinct stacks with the same
  // function:line list are one node.
  std::unordered_map<Node, std::string, Hash> ids;
  auto id = [&](const Node& n) -> const std::string& {
    auto it = ids.find(n);
    if (it == ids.end()) it = ids.emplace(n, nodeId(n)).first;
    return it->second;
  };
  auto nodeExample = [&](const Node& n) {
    auto it = nodeExamples_.find(n);
    return it == nodeExamples_.end() ? Example{} : it->second;
  };
  std::map<std::string, Tally> created, states, exits;
  std::map<std::pair<std::string, std::string>, Tally> edges;
  for (const auto& [ends, count] : totals.creations) {
    Tally& n = created[id(ends.second)];
    n.count += count;
    n.example.keepEarlier(nodeExample(ends.first));  // the creation
  }
  for (const auto& [node, tally] : totals.exits) {
    Tally& n = exits[id(node)];
    n.count += tally.count;
    n.example.keepEarlier(tally.example);
  }
  for (const auto& [ends, tally] : totals.moves) {
    Tally& e = edges[{id(ends.first), id(ends.second)}];
    e.count += tally.count;
    e.example.keepEarlier(tally.example);
  }
  for (const auto& [node, count] : totals.traversals) {
    Tally& n = states[id(node)];
    n.count += count;
    n.example.keepEarlier(nodeExample(node));
  }
  auto text = [](const Example& e) { return e.set ? std::optional<Event>(e.event) : std::nullopt; };

  GoroutineGraph graph;
  auto addNodes = [&](const std::map<std::string, Tally>& nodes, GraphNode::Kind kind) {
    std::vector<GraphNode> list;
    for (const auto& [id, agg] : nodes) {
      if (kind == GraphNode::Kind::State && created.count(id)) continue;  // drawn as a new goroutine
      GraphNode n;
      n.kind = kind;
      n.count = agg.count;
      n.example = text(agg.example);
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

  for (const auto& [ends, agg] : edges) graph.edges.push_back({ends.first, ends.second, agg.count, text(agg.example)});
  for (const auto& [node, agg] : exits) graph.edges.push_back({node, "EXIT_" + node, agg.count, text(agg.example)});
  std::sort(graph.edges.begin(), graph.edges.end(), [](const GraphEdge& a, const GraphEdge& b) {
    return std::tie(a.from, a.to) < std::tie(b.from, b.to);
  });
  for (const GraphEdge& e : graph.edges) graph.maxWeight = std::max(graph.maxWeight, e.weight);
  return graph;
}

std::string_view nodeStartFunction(const GraphNode& node) {
  // ids are "State\nroot:line\n...leaf:line\n" (exits: "EXIT_" and their state's id).
  std::string_view id = node.id;
  const size_t first = id.find('\n');
  if (first == std::string_view::npos || first + 1 >= id.size()) return {};
  std::string_view root = id.substr(first + 1);
  root = root.substr(0, root.find('\n'));
  return root.substr(0, root.rfind(':'));
}

GoroutineGraph pruneGraph(const GoroutineGraph& graph, const GraphPruning& pruning) {
  std::unordered_map<std::string_view, const GraphNode*> byId;
  for (const GraphNode& n : graph.nodes) byId.emplace(n.id, &n);
  auto nodeKept = [&](std::string_view id) {
    auto it = byId.find(id);
    if (it == byId.end()) return false;
    return !pruning.startFunction || pruning.startFunction(nodeStartFunction(*it->second));
  };
  GoroutineGraph out;
  std::unordered_map<std::string_view, bool> used;
  for (const GraphEdge& e : graph.edges) {
    if (e.weight < pruning.minCount || !nodeKept(e.from) || !nodeKept(e.to)) continue;
    out.edges.push_back(e);
    used[e.from] = used[e.to] = true;
    out.maxWeight = std::max(out.maxWeight, e.weight);
  }
  for (const GraphNode& n : graph.nodes) {
    if (!nodeKept(n.id)) continue;
    // Without a count threshold a node stays even without edges (a goroutine
    // created and never seen again); with one, only nodes an edge reaches.
    if (pruning.minCount > 1 ? used.count(n.id) : true) out.nodes.push_back(n);
  }
  return out;
}

uint64_t minCountForEdges(const GoroutineGraph& graph, size_t maxEdges) {
  if (graph.edges.size() <= maxEdges) return 0;
  std::vector<uint64_t> weights;
  for (const GraphEdge& e : graph.edges) weights.push_back(e.weight);
  std::sort(weights.begin(), weights.end(), std::greater<>());
  // Keeping every edge of weight >= w keeps too many while w <= weights[maxEdges].
  return weights[maxEdges] + 1;
}

}  // namespace gotrace
