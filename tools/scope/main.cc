// scope: the sampling oscilloscope. CPU samples taken inside regions (a TLS
// client handshake by default), each at its relative position in its region.
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"
#include "gotrace/commands/scope.h"

namespace {

constexpr const char* kExamples = R"(  scope -input=trace.out > tls.txt; scope_chart -input=tls.txt -output=tls.svg
  scope -input=a.trace -input=b.trace -json | jq -c '[.frac, .stack[-1]]'
  scope -profile=tls.pb.gz traces/*.trace > /dev/null; go tool pprof -top tls.pb.gz
  scope -region=server/http -input=trace.out | scope_chart > requests.svg
  scope -patterns=my.patterns -region=my/kind -input=trace.out
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("scope",
                          "Place the CPU samples taken inside regions (a TLS client handshake by default) at their "
                          "relative positions in their regions, over one or many traces.",
                          kExamples);
  CLI::App& app = tool.app();
  gotrace::commands::ScopeOptions options;
  std::vector<std::string> positional;
  gotrace::cli::addRepeatedOption(app, "--input", options.inputs,
                                  "trace file (repeatable; also as arguments; - for stdin)");
  tool.addReadOptions(options.read, "only regions and samples in this window (a Go duration from the trace's first event)");
  app.add_option("traces", positional, "trace files");
  app.add_option("--region", options.region, "the region kind to look inside (built-in, or from -patterns)");
  gotrace::cli::addRepeatedOption(app, "--patterns", options.patternFiles,
                                  "add the region patterns of this file (repeatable)");
  app.add_flag("--builtin-patterns", options.builtinPatterns,
               "use the built-in patterns (-builtin-patterns=false: only -patterns)");
  app.add_flag("--json", options.json, "one JSON object per sample instead of text lines");
  app.add_option("--profile", options.profile, "also write the placed samples as a pprof CPU profile here");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) {
    options.inputs.insert(options.inputs.end(), positional.begin(), positional.end());
    return runScope(options, console);
  });
}
