// grstates: the state machines a program's goroutines run through, as a graph.
#include <iostream>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/analysis/goroutines/goroutine_graph.h"
#include "gotrace/render/graph_dot.h"
#include "gotrace/render/graphviz.h"
#include "gotrace/io/output.h"
#include "gotrace/trace/trace_reader.h"

namespace {

constexpr const char* kExamples = R"(  grstates -input=./pprof/trace -svg=/tmp/trace.svg    # open it in a browser: wheel zooms, drag pans
  grstates -input=trace.out -dot=states.dot
  grstates trace.out | dot -Tpng > states.png
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("grstates",
                          "Graph the state machines goroutines run through: nodes are states with their call "
                          "stacks, edges count the moves between them.",
                          kExamples);
  CLI::App& app = tool.app();
  std::string dotPath, svgPath;
  tool.addInput("trace");
  app.add_option("--dot", dotPath, "write the graph as Graphviz DOT here ('-': stdout; the default)");
  app.add_option("--svg", svgPath, "write the graph as SVG here, drawn by graphviz's dot ('-': stdout)");

  return tool.run(argc, argv, [&]() -> int {
    if (dotPath.empty() && svgPath.empty()) dotPath = "-";

    auto reader = gotrace::TraceReader::open(gotrace::Input::open(tool.inputPath()));
    gotrace::GoroutineGraphBuilder builder(reader->tables());
    // A damaged trace: the graph of what precedes the damage, then the error.
    std::optional<gotrace::Error> damage =
        gotrace::readUntilDamage(*reader, [&](const gotrace::Event& ev) { builder.add(ev); });
    const gotrace::GoroutineGraph graph = builder.build();
    // Damaged before anything could be read: keep existing outputs as they are.
    if (damage && graph.nodes.empty()) throw *damage;
    const std::string dot = gotrace::renderGraphDot(graph, reader->tables());

    gotrace::OutputBuffer out;
    auto emit = [&](const std::string& path, const std::string& text) {
      if (path == "-") {
        out.write(text);
        out.flush();
      } else {
        gotrace::writeFileWhole(path, text);
      }
    };
    if (!dotPath.empty()) emit(dotPath, dot);
    if (!svgPath.empty()) emit(svgPath, gotrace::dotToSvg(dot));
    if (damage) throw *damage;
    return 0;
  });
}
