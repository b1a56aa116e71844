#include "gotrace/analysis/mmu_curve.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gotrace {

MmuCurve::MmuCurve(const std::vector<UtilizationFunction>& functions) {
  bool first = true;
  for (const UtilizationFunction& f : functions) {
    if (f.empty()) continue;
    Series s;
    s.time.reserve(f.size());
    s.utilization.reserve(f.size());
    s.integral.reserve(f.size());
    // The integral is summed step by step in time order, as Go sums it, so
    // both round alike.
    double sum = 0;
    for (size_t i = 0; i < f.size(); i++) {
      if (i > 0) sum += f[i - 1].utilization * double(f[i].time - f[i - 1].time);
      s.time.push_back(f[i].time);
      s.utilization.push_back(f[i].utilization);
      s.integral.push_back(sum);
    }
    start_ = first ? s.time.front() : std::min(start_, s.time.front());
    end_ = first ? s.time.back() : std::max(end_, s.time.back());
    first = false;
    series_.push_back(std::move(s));
  }
}

namespace {

constexpr size_t kGoBands = 1000;

// The integral of a series from its start to `t` (t at or after the start),
// moving `pos` forward to the last step at or before t.
struct Integrator {
  const std::vector<int64_t>& time;
  const std::vector<double>& utilization;
  const std::vector<double>& integral;
  size_t pos = 0;

  double to(int64_t t) {
    while (pos + 1 < time.size() && time[pos + 1] <= t) pos++;
    const double partial = t == time[pos] ? 0.0 : utilization[pos] * double(t - time[pos]);
    return integral[pos] + partial;
  }
};

}  // namespace

// The windowed mean, as a function of the window's start t, is continuous
// and linear between the starts where either edge of the window crosses a
// step; its minimum is at one of those, or at the first or last start. Both
// kinds of start come in time order, so one merge of the two sequences
// visits them all (and both edges' integrals only move forward).
double MmuCurve::minimumMean(const Series& s, int64_t window) {
  const std::vector<int64_t>& t = s.time;
  const size_t n = t.size();
  const int64_t lastStart = t.back() - window;
  Integrator left{t, s.utilization, s.integral}, right{t, s.utilization, s.integral};
  size_t i = 0;  // next start where the left edge meets step i
  size_t j = 0;  // next start where the right edge meets step j (t[j] - window)
  while (j < n && t[j] - window < t.front()) j++;
  double lowest = std::numeric_limits<double>::infinity();
  const double w = double(window);
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  while (true) {
    const int64_t a = i < n ? t[i] : kNever;
    const int64_t b = j < n ? t[j] - window : kNever;
    const int64_t start = std::min(a, b);
    if (start > lastStart) break;
    if (a == start) i++;
    if (b == start) j++;
    const double mean = (right.to(start + window) - left.to(start)) / w;
    lowest = std::min(lowest, mean);
    if (lowest <= 0) return lowest;  // nothing is lower
  }
  // Go's grid. Go finds the minimum band by band: the function's length cut
  // into min(1000, steps) bands of ceil(length / bands) ns (at least 1).
  // For each band it looks at, it measures the window starting at the
  // band's start, even when that is after the last window that fits: such a
  // window runs past the function's end, where utilization is 0 (its last
  // step). It looks at the bands before index bands + 2 - m, m = (window +
  // 2 (band - 1)) / band being the most bands a window can touch. Those
  // windows are measured here too, so the MMU is Go's: they make a 1 ns
  // window's MMU 0, and rarely (a window within a few ns per band of a
  // multiple of the band) pull a longer one down by overrun / window.
  const int64_t length = t.back() - t.front();
  const int64_t bands = int64_t(std::min<size_t>(kGoBands, n));
  const int64_t band = std::max<int64_t>(1, (length + bands - 1) / bands);
  const int64_t mostBands = (window + 2 * (band - 1)) / band;
  const int64_t looked = bands + 2 - mostBands;  // band starts Go looks at: 0 .. looked-1
  for (int64_t b = std::max<int64_t>(0, (lastStart - t.front()) / band + 1); b < looked; b++) {
    const int64_t start = t.front() + b * band;
    if (start <= lastStart) continue;
    const double mean = (right.to(start + window) - left.to(start)) / w;
    lowest = std::min(lowest, mean);
  }
  return lowest;
}

double MmuCurve::at(int64_t windowNs) const {
  if (windowNs <= 0) return 0;
  double lowest = 1;
  for (const Series& s : series_) {
    const int64_t length = s.time.back() - s.time.front();
    if (length <= 0) continue;  // a function of one instant has no window
    lowest = std::min(lowest, minimumMean(s, std::min(windowNs, length)));
  }
  return lowest;
}

std::vector<MmuPoint> MmuCurve::at(const std::vector<int64_t>& windowsNs) const {
  std::vector<MmuPoint> out;
  out.reserve(windowsNs.size());
  for (int64_t w : windowsNs) out.push_back({w, at(w)});
  return out;
}

std::vector<int64_t> logSpacedWindows(int64_t lengthNs) {
  std::vector<int64_t> out;
  for (int k = 0;; k++) {
    const auto w = int64_t(std::llround(1000.0 * std::pow(10.0, k / 10.0)));
    if (w >= lengthNs) break;
    out.push_back(w);
  }
  if (lengthNs > 0) out.push_back(lengthNs);
  return out;
}

}  // namespace gotrace
