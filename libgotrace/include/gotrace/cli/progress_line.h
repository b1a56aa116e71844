// One line of progress on standard error for work that takes a while: shown
// only on a terminal, only once the work has run for a second, redrawn in
// place at most a few times a second, and cleared when done or before
// anything else is written to that terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>

namespace gotrace::cli {

// "read 12.5 of 80.0 MB (15%), 8.3 MB/s, 1.5s": input bytes read of the
// input's size (`total` 0: unknown, "read 12.5 MB, ..."), after `seconds`.
std::string formatReadProgress(uint64_t done, uint64_t total, double seconds);

class ProgressLine {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::milliseconds kDefaultDelay{1000};
  static constexpr std::chrono::milliseconds kRedrawEvery{250};

  // `terminal`: `err` is a terminal (nothing is ever drawn otherwise).
  // `prefix` starts the line ("tool: "). The work starts now (by `clock`);
  // the line appears `delay` after that.
  ProgressLine(std::ostream& err, std::string prefix, bool terminal, Clock clock = &std::chrono::steady_clock::now,
               std::chrono::milliseconds delay = kDefaultDelay);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // No more lines (-quiet, or the terminal has other output now); clears
  // the one shown.
  void disable();
  bool enabled() const;

  // Offers the line `text(seconds since the start)`: drawn when it is time
  // to (the function is not called otherwise).
  void update(const std::function<std::string(double seconds)>& text);
  // Clears the line if one is shown.
  void clear();

 private:
  void clearLocked();

  mutable std::mutex mu_;  // updates may come from a reading thread
  std::ostream& err_;
  std::string prefix_;
  bool enabled_;
  Clock clock_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::milliseconds delay_;
  std::chrono::steady_clock::time_point lastDrawn_{};
  bool shown_ = false;
};

}  // namespace gotrace::cli
