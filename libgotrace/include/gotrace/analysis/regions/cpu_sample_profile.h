// The CPU samples a trace carries as a pprof CPU profile, each labelled with
// what its goroutine was doing, so that `go tool pprof -tagfocus` narrows it
// to one kind of work:
//   goroutine       the goroutine's id
//   start_function  the goroutine's start function
//   user_region     the type of the innermost user region it was in
//   regiongraph     the kind of the innermost inferred region it was in
// (a label is left out when there is nothing to say). A sample is in a
// region when it is its goroutine's and taken between the region's first
// and last events (analysis/regions/region_scope.h places them).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "gotrace/analysis/regions/region_choice.h"
#include "gotrace/analysis/regions/region_stream.h"
#include "gotrace/pprof/profile.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// The trace does not record the CPU profiler's rate: its default, 100 Hz.
constexpr int64_t kDefaultCpuSamplePeriodNs = 10'000'000;

struct CpuSampleProfileInput {
  const std::vector<StreamedSample>* samples = nullptr;  // the trace's, in trace order
  const RegionSpans* userRegions = nullptr;
  const RegionSpans* inferredRegions = nullptr;
  const std::unordered_map<int64_t, StringId>* startFunctions = nullptr;  // by goroutine
  // Only the samples inside these spans (none: every sample).
  const std::vector<StreamedRegion>* within = nullptr;
  int64_t periodNs = kDefaultCpuSamplePeriodNs;
};

// Sample types samples/count and cpu/nanoseconds (the period per sample),
// period type cpu/nanoseconds; one pprof sample per trace sample, stacks
// leaf first.
pprof::Profile cpuSampleProfile(const CpuSampleProfileInput& input, const TraceTables& tables);

}  // namespace gotrace
