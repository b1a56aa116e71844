// regiongraph: HTTP requests, dials, DNS lookups and TLS handshakes found in
// an execution trace, linked to their causes across goroutines.
#include <iostream>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/commands/regiongraph.h"
#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/trace/trace_reader.h"

namespace {

constexpr const char* kExamples = R"(  regiongraph -input=./pprof/trace                  # how many regions of each kind
  regiongraph -input=trace.out -show-regions | grep server/http
  regiongraph -input=trace.out -show-chains | grep client/http_dns
  regiongraph -input=trace.out -json | jq -c 'select(.Kind == "server/http") | .LengthNs'
  regiongraph -input=trace.out -json -summarize | jq -c '[.LengthNs, .FlatRunNs, .FlatWaitNs]'
  regiongraph -show-patterns > my.patterns           # the built-in patterns, to start your own
  regiongraph -input=trace.out -patterns=my.patterns -show-regions
)";


}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("regiongraph",
                          "Find inbound and outbound HTTP/1.x requests, dials, DNS lookups and TLS handshakes in an "
                          "execution trace (v1 or v2), link each to its cause across goroutines, and print them.",
                          kExamples);
  CLI::App& app = tool.app();
  tool.addInput("trace");
  bool chains = false, pairs = false, regions = false, json = false, summarize = false, showPatterns = false;
  bool builtin = true;
  std::vector<std::string> patternFiles;
  app.add_flag("--show-chains", chains, "print every distinct chain of regions, root first");
  app.add_flag("--show-pairs", pairs, "print every distinct (cause, caused) pair of chain nodes");
  app.add_flag("--show-regions", regions, "print every region found");
  app.add_flag("--json", json, "print one JSON span tree per top-level region");
  app.add_flag("--summarize", summarize, "print, for each top-level region, a summary of where its tree's time went (implies -json)");
  gotrace::cli::addRepeatedOption(app, "--patterns", patternFiles,
                                  "add the region patterns of this file (repeatable; see -show-patterns)");
  app.add_flag("--builtin-patterns", builtin, "use the built-in patterns (-builtin-patterns=false: only -patterns)");
  app.add_flag("--show-patterns", showPatterns, "print the built-in patterns and exit");

  if (argc > 1) {
    // -show-patterns needs no trace; answer it before the input rule applies.
    for (int i = 1; i < argc; i++) {
      std::string_view a = argv[i];
      if (a == "-show-patterns" || a == "--show-patterns") {
        std::cout << gotrace::RegionPatterns::builtinText();
        return 0;
      }
    }
  }
  return tool.run(argc, argv, [&]() -> int {
    const gotrace::RegionPatterns patterns = gotrace::RegionPatterns::load(builtin, patternFiles);
    if (patterns.empty()) return tool.usageError("no region patterns (-builtin-patterns=false needs -patterns=FILE)");

    using Output = gotrace::RegionGraphOutput;
    Output output = chains ? Output::Chains
                    : pairs ? Output::Pairs
                    : regions ? Output::Regions
                    : summarize ? Output::Summary
                    : json ? Output::Json
                               : Output::Counts;
    auto reader = gotrace::TraceReader::open(gotrace::Input::open(tool.inputPath()));
    gotrace::OutputBuffer out;
    // A damaged trace: the output covers what precedes the damage, then the error.
    std::optional<gotrace::Error> damage;
    try {
      damage = gotrace::writeRegionGraph(*reader, patterns, output, out);
    } catch (gotrace::Error& e) {
      e.setFile(reader->inputName());
      throw;
    }
    if (damage) throw damage->setFile(reader->inputName());
    return 0;
  });
}
