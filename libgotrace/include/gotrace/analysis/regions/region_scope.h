// The sampling oscilloscope: the CPU samples taken while a goroutine was in
// a region, each placed at its relative position in that region (0 at the
// region's first event, 1 at its last). Over many occurrences of a region
// with a steady shape, the positions show what the code does over time at
// a resolution far finer than the sampling period.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/analysis/regions/region_stream.h"

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

// The same for regions found while reading (RegionStream): the samples of
// each region's goroutine taken between its first and last events, by
// region then time. `region` and `sample` index the arguments.
std::vector<PlacedSample> placeSamples(const std::vector<StreamedRegion>& regions,
                                       const std::vector<StreamedSample>& samples);

}  // namespace gotrace
