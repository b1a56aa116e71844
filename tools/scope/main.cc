// scope: the sampling oscilloscope. CPU samples taken inside regions (a TLS
// client handshake by default), each at its relative position in its region.
#include <iostream>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/commands/scope.h"
#include "gotrace/trace/trace_reader.h"

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
  std::vector<std::string> inputs, positional, patternFiles;
  std::string kind = "client/tls_handshake", profilePath;
  bool json = false, builtin = true;
  gotrace::cli::addRepeatedOption(app, "--input", inputs, "trace file (repeatable; also as arguments; - for stdin)");
  app.add_option("traces", positional, "trace files");
  app.add_option("--region", kind, "the region kind to look inside (built-in, or from -patterns)");
  gotrace::cli::addRepeatedOption(app, "--patterns", patternFiles, "add the region patterns of this file (repeatable)");
  app.add_flag("--builtin-patterns", builtin, "use the built-in patterns (-builtin-patterns=false: only -patterns)");
  app.add_flag("--json", json, "one JSON object per sample instead of text lines");
  app.add_option("--profile", profilePath, "also write the placed samples as a pprof CPU profile here");

  return tool.run(argc, argv, [&]() -> int {
    inputs.insert(inputs.end(), positional.begin(), positional.end());
    if (inputs.empty()) return tool.usageError("no trace given (-input=FILE, or - for stdin)");
    const gotrace::RegionPatterns patterns = gotrace::RegionPatterns::load(builtin, patternFiles);
    bool known = false;
    for (const auto& r : patterns.recognizers()) known = known || r.kind == kind;
    if (!known) return tool.usageError("no pattern defines region kind " + kind + " (see regiongraph -show-patterns)");

    gotrace::ScopeReport report(patterns, kind,
                                json ? gotrace::ScopeReport::Format::Json : gotrace::ScopeReport::Format::Text);
    gotrace::OutputBuffer out;
    std::optional<gotrace::Error> damage;  // the first damaged trace's error, raised at the end
    for (const std::string& path : inputs) {
      auto reader = gotrace::TraceReader::open(gotrace::Input::open(path));
      gotrace::ScopeReport::TraceCounts counts;
      try {
        counts = report.addTrace(*reader, reader->inputName(), out);
      } catch (gotrace::Error& e) {
        e.setFile(reader->inputName());
        throw;
      }
      std::cerr << "scope: " << reader->inputName() << ": " << counts.regions << " " << kind << " regions, "
                << counts.samples << " CPU samples in them" << (counts.damage ? " before the damage" : "") << "\n";
      if (counts.damage) {
        counts.damage->setFile(reader->inputName());
        if (!damage) damage = counts.damage;
        if (inputs.size() > 1) std::cerr << "scope: " << counts.damage->describe() << "\n";
      }
    }
    if (!profilePath.empty()) {
      const std::vector<uint8_t> bytes = report.profile();
      gotrace::writeFileWhole(profilePath, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    if (damage) throw *damage;
    return 0;
  });
}
