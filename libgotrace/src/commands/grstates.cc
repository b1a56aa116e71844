#include "gotrace/commands/grstates.h"

#include "gotrace/analysis/goroutines/goroutine_graph.h"
#include "gotrace/base/error.h"
#include "gotrace/render/graph_dot.h"
#include "gotrace/render/graphviz.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {

int runGrstates(const GrstatesOptions& options, cli::Console& console) {
  const std::string dotPath = options.dot.empty() && options.svg.empty() ? "-" : options.dot;
  auto reader = TraceReader::open(Input::open(options.input), options.read);
  GoroutineGraphBuilder builder(reader->tables());
  const std::optional<Error> damage = readInto(*reader, builder);
  const GoroutineGraph graph = builder.build();
  // Damaged before anything could be read: keep existing outputs as they are.
  if (damage && graph.nodes.empty()) throw *damage;
  const std::string dot = renderGraphDot(graph, reader->tables());
  if (!dotPath.empty()) console.writeWhole(dotPath, dot);
  if (!options.svg.empty()) console.writeWhole(options.svg, dotToSvg(dot));
  if (damage) throw *damage;
  return 0;
}

}  // namespace gotrace::commands
