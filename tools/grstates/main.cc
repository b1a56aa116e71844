// grstates: the state machines a program's goroutines run through, as a graph.
#include "gotrace/cli/tool.h"
#include "gotrace/commands/grstates.h"

namespace {

constexpr const char* kExamples = R"(  grstates -input=./pprof/trace -svg=/tmp/trace.svg    # open it in a browser: wheel zooms, drag pans
  grstates -input=trace.out -dot=states.dot
  grstates trace.out | dot -Tpng > states.png
  grstates -goroutines='^net/http' -min-count=10 -svg=http.svg trace.out
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("grstates",
                          "Graph the state machines goroutines run through: nodes are states with their call "
                          "stacks, edges count the moves between them.",
                          kExamples);
  gotrace::commands::GrstatesOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only transitions in this window (a Go duration from the trace's first event)");
  tool.addHelpNotes(
      "Each edge is labelled with how many times goroutines took it (its width grows with the count). The SVG opens "
      "fitted to the browser window; the mouse wheel zooms around the pointer and dragging pans.\n");
  tool.app().add_option("--dot", options.dot, "write the graph as Graphviz DOT here ('-': stdout; the default)");
  tool.app().add_option("--svg", options.svg, "write the graph as SVG here, drawn by graphviz's dot ('-': stdout)");
  tool.app().add_option("--goroutines", options.goroutines, "only goroutines whose start function matches this regexp");
  tool.app().add_option("--min-count", options.minCount,
                        "leave out edges taken fewer times (default: only past 2000 edges, said on stderr; "
                        "1 keeps everything)");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runGrstates(options, console); });
}
