// scope's engine: the CPU samples taken inside regions of one kind, placed
// at their relative positions (region_scope.h), over one or more traces.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/pprof/profile.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// scope's output over one or more traces: a line per placed sample, text
// (`start S length L frac F stack root;...;leaf`, as the original scope_tls
// printed it, times in ns since the trace's first event) or JSON, and a
// pprof profile of all the placed samples.
class ScopeReport {
 public:
  enum class Format { Text, Json, None };
  ScopeReport(const RegionPatterns& patterns, std::string kind, Format format);

  struct TraceCounts {
    size_t regions = 0;  // regions of the kind
    size_t samples = 0;  // samples placed in them
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
  pprof::ProfileBuilder profile_;
};

}  // namespace gotrace
