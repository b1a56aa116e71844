#include "gotrace/cli/progress_line.h"

#include <fmt/format.h>

#include <ostream>

namespace gotrace::cli {

std::string formatReadProgress(uint64_t done, uint64_t total, double seconds) {
  constexpr double kMB = 1e6;
  const double mb = double(done) / kMB;
  std::string line = total > 0 ? fmt::format("read {:.1f} of {:.1f} MB ({}%)", mb, double(total) / kMB,
                                             uint64_t(double(done) * 100 / double(total)))
                               : fmt::format("read {:.1f} MB", mb);
  if (seconds > 0) line += fmt::format(", {:.1f} MB/s", mb / seconds);
  line += fmt::format(", {:.1f}s", seconds);
  return line;
}

ProgressLine::ProgressLine(std::ostream& err, std::string prefix, bool terminal, Clock clock,
                           std::chrono::milliseconds delay)
    : err_(err), prefix_(std::move(prefix)), enabled_(terminal), clock_(std::move(clock)), delay_(delay) {
  start_ = clock_();
}

void ProgressLine::disable() {
  std::lock_guard lock(mu_);
  clearLocked();
  enabled_ = false;
}

bool ProgressLine::enabled() const {
  std::lock_guard lock(mu_);
  return enabled_;
}

void ProgressLine::update(const std::function<std::string(double seconds)>& text) {
  std::lock_guard lock(mu_);
  if (!enabled_) return;
  const auto now = clock_();
  if (now - start_ < delay_) return;
  if (shown_ && now - lastDrawn_ < kRedrawEvery) return;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  // \r to the line's start, the text, and \033[K to erase what a longer
  // line before it left.
  err_ << '\r' << prefix_ << text(seconds) << "\033[K" << std::flush;
  shown_ = true;
  lastDrawn_ = now;
}

void ProgressLine::clear() {
  std::lock_guard lock(mu_);
  clearLocked();
}

void ProgressLine::clearLocked() {
  if (!shown_) return;
  err_ << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace gotrace::cli
