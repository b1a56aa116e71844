// regiongraph: HTTP requests, dials, DNS lookups and TLS handshakes found in
// an execution trace, linked to their causes across goroutines.
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"
#include "gotrace/commands/regiongraph.h"

namespace {

constexpr const char* kExamples = R"(  regiongraph -input=./pprof/trace                  # how many regions of each kind
  regiongraph -input=trace.out -show-regions | grep server/http   # each with its handler
  regiongraph -input=trace.out -summarize -handler='frontend' | jq -c '[.Root.Handler, .LengthNs]'
  regiongraph -input=trace.out -show-chains | grep client/http_dns
  regiongraph -input=trace.out -json | jq -c 'select(.Kind == "server/http") | .LengthNs'
  regiongraph -input=trace.out -json -summarize | jq -c '[.LengthNs, .FlatRunNs, .FlatWaitNs]'
  regiongraph -show-patterns > my.patterns           # the built-in patterns, to start your own
  regiongraph -input=trace.out -patterns=my.patterns -show-regions   # its kinds replace the built-in ones
  regiongraph -input=test.trace -flat | jq -c 'select(.parent == null) | .Kind'
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("regiongraph",
                          "Find inbound and outbound HTTP/1.x requests, dials, DNS lookups and TLS handshakes in an "
                          "execution trace (v1 or v2), link each to its cause across goroutines, and print them.",
                          kExamples);
  gotrace::commands::RegiongraphOptions options;
  tool.addInput("trace", options.input, /*stdinByDefault=*/false, /*unlessFlag=*/&options.showPatterns);
  tool.addReadOptions(options.read, "only regions whose events fall in this window (a Go duration from the trace's first event)");
  tool.addHelpNotes(
      "Times: ns since the trace's first event (etgrep prints absolute trace time). -show-regions, -show-chains and "
      "-show-pairs begin with a '# times:' line giving the first event's absolute time; -json, -flat and -summarize "
      "spans carry StartTs and EndTs, absolute, beside StartNs and LengthNs.\n");
  CLI::App& app = tool.app();
  app.add_flag("--show-chains", options.showChains, "print every distinct chain of regions, root first");
  app.add_flag("--show-pairs", options.showPairs, "print every distinct (cause, caused) pair of chain nodes");
  app.add_flag("--show-regions", options.showRegions, "print every region found");
  app.add_flag("--json", options.json, "print one JSON span tree per top-level region");
  app.add_flag("--summarize", options.summarize,
               "print, for each top-level region, a summary of where its tree's time went (implies -json)");
  app.add_option("--handler", options.handler,
                 "only server regions whose handler matches this regexp, and their trees (with -show-regions, "
                 "-json, -summarize)");
  app.add_flag("--flat", options.flat,
               "JSON one span per line with \"id\" and \"parent\" (with -summarize: the tree in \"Spans\"); "
               "implies -json, and is the default past a nesting of 100 spans");
  gotrace::cli::addRepeatedOption(app, "--patterns", options.patternFiles,
                                  "add the region patterns of this file (repeatable; see -show-patterns); its kinds "
                                  "replace built-in ones");
  app.add_flag("--builtin-patterns", options.builtinPatterns,
               "use the built-in patterns (-builtin-patterns=false: only -patterns)");
  app.add_flag("--show-patterns", options.showPatterns, "print the built-in patterns and exit");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runRegiongraph(options, console); });
}
