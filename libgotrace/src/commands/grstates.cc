#include "gotrace/commands/grstates.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <memory>

#include "gotrace/analysis/goroutines/goroutine_graph.h"
#include "gotrace/base/error.h"
#include "gotrace/render/graph_dot.h"
#include "gotrace/render/graphviz.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {

int runGrstates(const GrstatesOptions& options, cli::Console& console) {
  const std::string dotPath = options.dot.empty() && options.svg.empty() ? "-" : options.dot;
  GraphPruning pruning;
  std::unique_ptr<RE2> startFunction;
  if (!options.goroutines.empty()) {
    startFunction = std::make_unique<RE2>(options.goroutines, RE2::Quiet);
    if (!startFunction->ok()) throw UsageError("-goroutines: " + startFunction->error());
    pruning.startFunction = [&](std::string_view f) { return RE2::PartialMatch(f, *startFunction); };
  }
  if (options.minCount < -1) throw UsageError("-min-count must be 1 or more");
  auto reader = TraceReader::open(Input::open(options.input), options.read);
  GoroutineGraphBuilder builder(reader->tables());
  const std::optional<Error> damage = readInto(*reader, builder);
  GoroutineGraph graph = builder.build();
  if (pruning.startFunction) graph = pruneGraph(graph, pruning);
  if (options.minCount > 1) {
    graph = pruneGraph(graph, GraphPruning{{}, uint64_t(options.minCount)});
  } else if (options.minCount < 0) {
    if (const uint64_t min = minCountForEdges(graph, options.maxEdges)) {
      const size_t edges = graph.edges.size();
      graph = pruneGraph(graph, GraphPruning{{}, min});
      console.warn(fmt::format("the graph has {} edges, more than graphviz draws in reasonable time: edges taken "
                               "fewer than {} times are left out ({} edges left; -min-count=1 keeps everything)",
                               edges, min, graph.edges.size()));
    }
  }
  // Damaged before anything could be read: keep existing outputs as they are.
  if (damage && graph.nodes.empty()) throw *damage;
  const std::string dot = renderGraphDot(graph, reader->tables());
  if (!dotPath.empty()) console.writeWhole(dotPath, dot);
  if (!options.svg.empty()) console.writeWhole(options.svg, dotToSvg(dot));
  if (damage) throw *damage;
  return 0;
}

}  // namespace gotrace::commands
