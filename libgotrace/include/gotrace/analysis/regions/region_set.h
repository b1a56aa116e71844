// Finding regions: runs region recognizers (region_patterns.h) over every
// goroutine's timeline.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_patterns.h"

namespace gotrace {

struct Region {
  uint32_t first = kNoEvent;  // timeline events, both on goroutine `g`
  uint32_t last = kNoEvent;
  uint32_t count = 0;         // events from first to last
  uint32_t g = 0;             // dense goroutine index
  uint32_t recognizer = 0;    // index into the patterns' recognizers
};

class RegionSet {
 public:
  // Runs every recognizer of `patterns` on every goroutine of `timelines`.
  // Both must outlive the set.
  static RegionSet find(const GoroutineTimelines& timelines, const RegionPatterns& patterns);

  // By goroutine id, then recognizer order, then time.
  const std::vector<Region>& regions() const { return regions_; }
  std::string_view kind(const Region& r) const { return patterns_->recognizers()[r.recognizer].kind; }
  bool shared(const Region& r) const { return patterns_->recognizers()[r.recognizer].shared; }
  bool outer(const Region& r) const { return patterns_->recognizers()[r.recognizer].outer; }
  const GoroutineTimelines& timelines() const { return *timelines_; }
  const RegionPatterns& patterns() const { return *patterns_; }

 private:
  std::vector<Region> regions_;
  const GoroutineTimelines* timelines_ = nullptr;
  const RegionPatterns* patterns_ = nullptr;
};

// The handler an HTTP server region served: in the stacks of its events,
// the function called by net/http.serverHandler.ServeHTTP (passing over
// net/http.HandlerFunc.ServeHTTP and net/http.(*ServeMux).ServeHTTP), e.g.
// main.(*frontend).ServeHTTP. Empty for other kinds (only kinds named
// server/...) and when no event shows one.
std::string_view serverHandler(const RegionSet& regions, const Region& region);

}  // namespace gotrace
