// Minimum mutator utilization: for a window length W, the lowest mean
// utilization (analysis/mutator_utilization.h) over every window of length W
// that lies inside a utilization function, the lowest over all functions.
// A window longer than a function is that function's whole length. Equal to
// Go 1.26's internal/trace MMUCurve.MMU (to rounding; tests compare to 1e-9),
// which also measures a few windows that start on its grid of bands after
// the last window that fits, running past the function's end (see
// mmu_curve.cc): so a 1 ns window's MMU is always 0.
#pragma once

#include <cstdint>
#include <vector>

#include "gotrace/analysis/mutator_utilization.h"

namespace gotrace {

struct MmuPoint {
  int64_t windowNs = 0;
  double mmu = 0;
};

class MmuCurve {
 public:
  explicit MmuCurve(const std::vector<UtilizationFunction>& functions);

  bool empty() const { return series_.empty(); }
  // From the earliest start to the latest end of the functions (0 when empty).
  int64_t lengthNs() const { return end_ - start_; }
  int64_t startNs() const { return start_; }

  // The minimum mutator utilization for windows of `windowNs`: 0 for a
  // window of 0 or less, 1 when there is nothing to measure.
  double at(int64_t windowNs) const;
  std::vector<MmuPoint> at(const std::vector<int64_t>& windowsNs) const;

 private:
  // A function with its running integral: integral[i] is the utilization
  // summed (in ns) from the first step to step i.
  struct Series {
    std::vector<int64_t> time;
    std::vector<double> utilization;
    std::vector<double> integral;
  };
  static double minimumMean(const Series& s, int64_t window);

  std::vector<Series> series_;
  int64_t start_ = 0;
  int64_t end_ = 0;
};

// Window lengths from 1 µs to `lengthNs`, ten per decade (1, 1.26, 1.58, 2,
// 2.51, ... µs, rounded to the nanosecond), then `lengthNs` itself.
std::vector<int64_t> logSpacedWindows(int64_t lengthNs);

}  // namespace gotrace
