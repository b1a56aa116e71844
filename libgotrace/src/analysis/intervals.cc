#include "gotrace/analysis/intervals.h"

#include <algorithm>

namespace gotrace {

Intervals collapse(Intervals list, Interval window) {
  std::erase_if(list, [](const Interval& i) { return i.begin >= i.end; });
  std::sort(list.begin(), list.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  Intervals merged;
  for (const Interval& i : list) {
    if (!merged.empty() && i.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, i.end);
    } else {
      merged.push_back(i);
    }
  }
  Intervals out;
  for (Interval i : merged) {
    if (i.end <= window.begin || i.begin >= window.end) continue;
    i.begin = std::max(i.begin, window.begin);
    i.end = std::min(i.end, window.end);
    out.push_back(i);
  }
  return out;
}

Intervals complement(const Intervals& list, Interval window) {
  Intervals out;
  int64_t at = window.begin;
  for (const Interval& i : collapse(list, window)) {
    if (i.begin > at) out.push_back({at, i.begin});
    at = i.end;
  }
  if (at < window.end) out.push_back({at, window.end});
  return out;
}

Intervals subtract(const Intervals& base, const Intervals& remove) {
  if (base.empty()) return {};
  Interval bounds = base.front();
  for (const Interval& i : base) {
    bounds.begin = std::min(bounds.begin, i.begin);
    bounds.end = std::max(bounds.end, i.end);
  }
  Intervals holes = complement(base, bounds);
  holes.insert(holes.end(), remove.begin(), remove.end());
  return complement(holes, bounds);
}

Intervals intersect(const Intervals& a, const Intervals& b) {
  if (a.empty() || b.empty()) return {};
  Interval bounds = a.front();
  for (const Intervals* list : {&a, &b}) {
    for (const Interval& i : *list) {
      bounds.begin = std::min(bounds.begin, i.begin);
      bounds.end = std::max(bounds.end, i.end);
    }
  }
  Intervals gaps = complement(a, bounds);
  Intervals gapsB = complement(b, bounds);
  gaps.insert(gaps.end(), gapsB.begin(), gapsB.end());
  return complement(gaps, bounds);
}

Intervals unite(const Intervals& a, const Intervals& b) {
  Intervals all = a;
  all.insert(all.end(), b.begin(), b.end());
  Interval bounds{INT64_MIN, INT64_MAX};
  return collapse(std::move(all), bounds);
}

int64_t magnitude(const Intervals& list) {
  int64_t sum = 0;
  for (const Interval& i : list) sum += i.end - i.begin;
  return sum;
}

}  // namespace gotrace
