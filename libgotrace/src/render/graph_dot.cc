#include "gotrace/render/graph_dot.h"

#include <fmt/format.h>

#include <cmath>

#include "gotrace/base/go_string.h"
#include "gotrace/base/sha256.h"
#include "gotrace/render/event_text.h"

namespace gotrace {
namespace {

std::string nodeName(const std::string& id) {
  std::string name = "h";  // (not "h" + ...: GCC 12 warns falsely about that)
  name += sha256Hex(id);
  return name;
}

// A left-justified Graphviz label: each line Go-quoted, joined with \l.
std::string label(const std::string& text) {
  std::string out = "\"";
  size_t start = 0;
  for (;;) {
    size_t nl = text.find('\n', start);
    std::string quoted = goQuoted(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    out += quoted.substr(1, quoted.size() - 2);
    if (nl == std::string::npos) break;
    out += "\\l";
    start = nl + 1;
  }
  return out + "\"";
}

std::string penwidth(uint64_t weight, uint64_t maxWeight) {
  // log(weight)/log(max) is 0/0 when every weight is 1: all edges are then thin.
  double w = maxWeight > 1 ? 4 * std::log(double(weight)) / std::log(double(maxWeight)) + 1 : 1.0;
  return fmt::format("{:.6f}", w);
}

std::string eventText(const std::optional<Event>& ev, const TraceTables& tables) {
  std::string out;
  if (ev) appendEventLine(out, *ev, tables);
  return out;
}

}  // namespace

std::string renderGraphDot(const GoroutineGraph& g, const TraceTables& tables) {
  std::string out = "digraph A {\n\tsize=\"100,100\";\n";
  for (const GraphNode& n : g.nodes) {
    const std::string tooltip =
        goQuoted(n.kind == GraphNode::Kind::New ? eventText(n.example, tables) : "example: " + eventText(n.example, tables));
    out += fmt::format("\t{} [shape={},label={},tooltip={},comment={}];\n", nodeName(n.id),
                       n.kind == GraphNode::Kind::State ? "box" : "ellipse", label(n.label), tooltip, tooltip);
  }
  for (const GraphEdge& e : g.edges) {
    const std::string tooltip = goQuoted("example: " + eventText(e.example, tables));
    // The label: how many times goroutines took the transition.
    out += fmt::format("\t{} -> {} [weight={},penwidth={},label=\"{}\",tooltip={},comment={}];\n", nodeName(e.from),
                       nodeName(e.to), e.weight, penwidth(e.weight, g.maxWeight), e.weight, tooltip, tooltip);
  }
  return out + "}\n";
}

}  // namespace gotrace
