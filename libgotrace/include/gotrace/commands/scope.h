// scope: the sampling oscilloscope. The CPU samples taken inside regions of
// one kind (a TLS client handshake by default), placed at their relative
// positions in their regions (analysis/regions/region_scope.h), over one or
// more traces: lines (scope_lines.h) and a pprof profile.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/base/error.h"
#include "gotrace/cli/console.h"
#include "gotrace/io/output.h"
#include "gotrace/pprof/profile_builder.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::commands {

struct ScopeOptions {
  std::vector<std::string> inputs;        // traces ("-": stdin)
  ReadOptions read;                       // threads and time window
  std::string region = "client/tls_handshake";
  std::vector<std::string> patternFiles;  // added to the built-ins
  bool builtinPatterns = true;
  bool json = false;                      // JSON lines instead of text
  bool text = true;                       // text lines (scope_tls: only with -text)
  std::string profile;                    // also write a pprof profile here
  std::string templateProfile;            // scope_tls -profile: a CPU profile whose sampling period to use
};

// A line on stderr per trace (regions and samples found); damaged traces
// count up to the damage, and the first damage is the error at the end.
int runScope(const ScopeOptions& options, cli::Console& console);

// scope's output over one or more traces: a line per placed sample, text
// or JSON, and a pprof profile of all the placed samples.
class ScopeReport {
 public:
  enum class Format { Text, Json, None };
  // `samplePeriodNs`: the CPU profiler's period (0: 10 ms, its default).
  ScopeReport(const RegionPatterns& patterns, std::string kind, Format format, int64_t samplePeriodNs = 0);

  struct TraceCounts {
    size_t regions = 0;  // regions of the kind
    size_t samples = 0;  // samples placed in them
    size_t traceSamples = 0;  // CPU samples in the whole trace
    std::optional<Error> damage;  // the reading error a damaged trace ended with
  };
  // Reads one trace (named `name` in JSON lines and profile labels).
  TraceCounts addTrace(TraceReader& reader, const std::string& name, OutputBuffer& out);

  // The placed samples as a CPU profile (gzip-compressed profile.proto):
  // one sample each, stacks leaf first, labelled with the region's start and
  // length and the sample's offset (ns and percent).
  std::vector<uint8_t> profile();

 private:
  const RegionPatterns& patterns_;
  std::string kind_;
  Format format_;
  int64_t periodNs_;
  pprof::ProfileBuilder profile_;
};

}  // namespace gotrace::commands
