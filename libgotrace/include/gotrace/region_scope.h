// The sampling oscilloscope: the CPU samples taken while a goroutine was in
// a region, each placed at its relative position in that region (0 at the
// region's first event, 1 at its last). Over many occurrences of a region
// with a steady shape, the positions show what the code does over time at
// a resolution far finer than the sampling period.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gotrace/regions.h"

namespace gotrace {

struct PlacedSample {
  uint32_t region = 0;  // index into RegionSet::regions()
  uint32_t sample = 0;  // index into the timelines' samples
  int64_t offset = 0;   // ns from the region's first event
  double frac = 0;      // offset / the region's length, in [0, 1]
};

// The samples of the goroutine of every region of kind `kind`, taken
// between the region's first and last events, by region then time.
std::vector<PlacedSample> placeSamples(const RegionSet& regions, std::string_view kind);

}  // namespace gotrace

#include <memory>
#include <optional>
#include <string>

#include "gotrace/error.h"

#include "gotrace/output.h"
#include "gotrace/pprof.h"
#include "gotrace/trace.h"

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
