// etviz: regiongraph's span trees as an SVG of request bands over time.
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etviz.h"

namespace {

constexpr const char* kExamples = R"(  regiongraph -input=trace.out -summarize > r.json; etviz -input=r.json -output=requests.svg
  regiongraph -input=trace.out -json | etviz > requests.svg
  regiongraph -input=trace.out -json | etviz -details -output=requests-detail.svg
  regiongraph -input=trace.out -json | etviz -kind=client/http_roundtrip -output=outbound.svg
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etviz",
                          "Draw regiongraph's span trees (-json or -summarize output) as an SVG: one band per "
                          "request, coloured by what its goroutines did, at its arrival time and then from zero.",
                          kExamples);
  gotrace::commands::EtvizOptions options;
  tool.addInput("JSON", options.input, /*stdinByDefault=*/true);
  CLI::App& app = tool.app();
  app.add_option("--output", options.output, "write the SVG here (default: stdout)");
  app.add_flag("--details", options.details, "one band per span (goroutine's stretch of work) of each tree");
  app.add_option("--kind", options.kind,
                 "draw the trees whose root kind matches this regexp (default: server/http if present, else all)");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtviz(options, console); });
}
