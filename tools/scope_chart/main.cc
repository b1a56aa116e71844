// scope_chart: scope's samples drawn as an oscilloscope screen (SVG).
#include "gotrace/cli/tool.h"
#include "gotrace/commands/scope_chart.h"

namespace {

constexpr const char* kExamples = R"(  scope -input=trace.out > tls.txt; scope_chart -input=tls.txt -output=tls.svg
  scope -json traces/*.trace | scope_chart > tls.svg
  scope trace.out | scope_chart -lanes=stack > by-stack.svg
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("scope_chart",
                          "Draw scope's samples (text or -json lines) as an oscilloscope screen: one lane per leaf "
                          "function (or -lanes), a mark per sample at its position in its region.",
                          kExamples);
  gotrace::commands::ScopeChartOptions options;
  tool.addInput("scope output", options.input, /*stdinByDefault=*/true);
  tool.app().add_option("--output", options.output, "write the SVG here (default: stdout)");
  tool.app().add_option("--lanes", options.lanes,
                         "one lane per leaf (innermost function), function (innermost outside the runtime: "
                         "runtime helpers go to their caller's lane) or stack (whole stack)")
      ->capture_default_str();
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runScopeChart(options, console); });
}
