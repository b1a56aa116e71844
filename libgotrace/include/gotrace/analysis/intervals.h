// Sets of time ranges as sorted lists of half-open [begin, end) intervals.
#pragma once

#include <cstdint>
#include <vector>

namespace gotrace {

struct Interval {
  int64_t begin = 0;
  int64_t end = 0;
  bool operator==(const Interval&) const = default;
};
using Intervals = std::vector<Interval>;

// Sorted, merged (touching ranges join), clipped to `window`; empty ranges dropped.
Intervals collapse(Intervals list, Interval window);
// The gaps of `list` within `window`.
Intervals complement(const Intervals& list, Interval window);
// `base` without `remove`, within base's bounding range.
Intervals subtract(const Intervals& base, const Intervals& remove);
Intervals intersect(const Intervals& a, const Intervals& b);
Intervals unite(const Intervals& a, const Intervals& b);
int64_t magnitude(const Intervals& list);

}  // namespace gotrace
