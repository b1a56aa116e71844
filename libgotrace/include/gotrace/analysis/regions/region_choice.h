// The regions a profile is narrowed to (etpprof -region=KIND, -task=TYPE),
// from both sources of regions: user regions (runtime/trace) and the regions
// regiongraph's patterns infer (server/http, client/tls_handshake, ...).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "gotrace/analysis/intervals.h"
#include "gotrace/analysis/regions/region_patterns.h"
#include "gotrace/analysis/regions/region_stream.h"
#include "gotrace/analysis/regions/user_regions.h"

namespace gotrace {

// Regions of one source as goroutine spans: `recognizer` indexes `kinds`.
struct RegionSpans {
  std::vector<StreamedRegion> spans;
  std::vector<std::string> kinds;
};

// User regions as spans, kinds their types (inherited, unnamed ones left out).
RegionSpans userRegionSpans(const UserRegionTracker& tracker, const StringTable& strings);
// Inferred regions (RegionStream::kept()) as spans, kinds the recognizers'.
RegionSpans inferredRegionSpans(std::vector<StreamedRegion> kept, const RegionPatterns& patterns);

struct RegionChoice {
  std::string kind;      // a user region type or an inferred kind ("" : any)
  std::string taskType;  // regions of tasks of this type ("": any)
  bool empty() const { return kind.empty() && taskType.empty(); }
};

// The chosen spans: with `kind`, the user regions of that type and the
// inferred regions of that kind; with `taskType`, the user regions (named
// or inherited) of tasks of that type; with both, those of both.
std::vector<StreamedRegion> chosenSpans(const RegionChoice& choice, const UserRegionTracker& user,
                                        const RegionSpans& inferred, const StringTable& strings);

// Per goroutine, the time inside the spans as go tool trace counts it for its
// region profiles: the spans by start (then end), each one that begins before
// the previous kept one ends left out (nested regions count once).
using GoroutineIntervals = std::unordered_map<int64_t, Intervals>;
GoroutineIntervals outermostIntervals(const std::vector<StreamedRegion>& spans);

// How much of [begin, end] goroutine `g` spent inside `within`.
int64_t overlap(const GoroutineIntervals& within, int64_t g, int64_t begin, int64_t end);

}  // namespace gotrace
