// Trace clock ticks to nanoseconds, bit-exact with Go's float64 arithmetic.
#pragma once

#include <cmath>
#include <cstdint>

namespace gotrace {

// Go converts with float64 and truncates; an out-of-range result is what
// amd64's conversion instruction yields (the minimum int64) instead of
// undefined behaviour.
inline int64_t doubleToInt64(double v) {
  if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return INT64_MIN;
  return int64_t(v);
}

inline int64_t ticksToNs(uint64_t ticks, double nsPerTick) { return doubleToInt64(double(ticks) * nsPerTick); }

}  // namespace gotrace
