// scope: the sampling oscilloscope. CPU samples taken inside regions (a TLS
// client handshake by default), each at its relative position in its region.
#include <filesystem>

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

// Installed as scope_tls too: the original's name and flags (-profile is a
// CPU profile to take the sampling period from, -output the profile to
// write, -text to print the lines).
constexpr const char* kTlsExamples = R"(  scope_tls -input=trace.out -text > tls.txt; scope_chart -input=tls.txt -output=tls.svg
  scope_tls -input=trace.out -profile=cpu.pb.gz -output=tls.pb.gz; go tool pprof -top tls.pb.gz
)";

}  // namespace

int main(int argc, char** argv) {
  const bool tls = std::filesystem::path(argv[0]).filename() == "scope_tls";
  gotrace::cli::Tool tool(tls ? "scope_tls" : "scope",
                          tls ? "Place the CPU samples taken inside TLS client handshakes at their relative positions "
                                "in them (scope under the original's name and flags)."
                              : "Place the CPU samples taken inside regions (a TLS client handshake by default) at "
                                "their relative positions in their regions, over one or many traces.",
                          tls ? kTlsExamples : kExamples);
  CLI::App& app = tool.app();
  gotrace::commands::ScopeOptions options;
  if (tls) {
    options.text = false;
    app.add_flag("--text", options.text, "print a line per sample: start S length L frac F stack root;...;leaf");
    app.add_option("--output", options.profile, "write the placed samples as a pprof CPU profile here");
  }
  std::vector<std::string> positional;
  gotrace::cli::addRepeatedOption(app, "--input", options.inputs,
                                  "trace file (repeatable; also as arguments; - for stdin)");
  tool.addReadOptions(options.read, "only regions and samples in this window (a Go duration from the trace's first event)");
  tool.addHelpNotes(
      "Times: ns since the trace's first event (etgrep prints absolute trace time). Text lines follow a '# times:' "
      "line giving the first event's absolute time (scope_chart passes it over); -json lines carry region_start_ts "
      "and sample_ts, absolute, beside region_start and offset.\n");
  app.add_option("traces", positional, "trace files");
  app.add_option("--region", options.region, "the region kind to look inside (built-in, or from -patterns)");
  gotrace::cli::addRepeatedOption(app, "--patterns", options.patternFiles,
                                  "add the region patterns of this file (repeatable)");
  app.add_flag("--builtin-patterns", options.builtinPatterns,
               "use the built-in patterns (-builtin-patterns=false: only -patterns)");
  app.add_flag("--json", options.json, "one JSON object per sample instead of text lines");
  if (tls) {
    app.add_option("--profile", options.templateProfile,
                   "the CPU profile recorded with the trace, for its sampling period");
  } else {
    app.add_option("--profile", options.profile, "also write the placed samples as a pprof CPU profile here");
  }
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) {
    options.inputs.insert(options.inputs.end(), positional.begin(), positional.end());
    return runScope(options, console);
  });
}
