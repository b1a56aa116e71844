#include "gotrace/cli/progress_line.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gotrace::cli {
namespace {

using namespace std::chrono_literals;
using Time = std::chrono::steady_clock::time_point;

// A clock the test moves by hand.
struct FakeClock {
  Time now{};
  ProgressLine::Clock clock() {
    return [this] { return now; };
  }
};

TEST(FormatReadProgress, BytesOfTotalRateAndElapsed) {
  // 12.5 MB of 50 MB in 2.5 s: 25%, 5 MB/s.
  EXPECT_EQ(formatReadProgress(12'500'000, 50'000'000, 2.5), "read 12.5 of 50.0 MB (25%), 5.0 MB/s, 2.5s");
  // Size unknown (a pipe): no total, no share.
  EXPECT_EQ(formatReadProgress(3'000'000, 0, 1.5), "read 3.0 MB, 2.0 MB/s, 1.5s");
  // Nothing read yet: no rate from a zero time.
  EXPECT_EQ(formatReadProgress(0, 1'000'000, 0), "read 0.0 of 1.0 MB (0%), 0.0s");
}

TEST(ProgressLine, NothingBeforeTheDelayThenRedrawnInPlaceAndCleared) {
  FakeClock c;
  std::ostringstream err;
  ProgressLine line(err, "etgrep: ", true, c.clock());
  int asked = 0;
  auto text = [&](double seconds) {
    asked++;
    return "at " + std::to_string(int(seconds * 1000)) + "ms";
  };
  c.now += 999ms;
  line.update(text);
  EXPECT_EQ(err.str(), "");  // under a second: nothing, not even formatted
  EXPECT_EQ(asked, 0);
  c.now += 1ms;
  line.update(text);
  EXPECT_EQ(err.str(), "\retgrep: at 1000ms\033[K");
  c.now += 100ms;
  line.update(text);  // too soon after the last one
  EXPECT_EQ(asked, 1);
  c.now += 150ms;
  line.update(text);
  EXPECT_EQ(err.str(), "\retgrep: at 1000ms\033[K\retgrep: at 1250ms\033[K");
  line.clear();
  EXPECT_EQ(err.str(), "\retgrep: at 1000ms\033[K\retgrep: at 1250ms\033[K\r\033[K");
  line.clear();  // nothing shown: nothing to clear
  EXPECT_EQ(err.str(), "\retgrep: at 1000ms\033[K\retgrep: at 1250ms\033[K\r\033[K");
}

TEST(ProgressLine, NeverWhenNotATerminal) {
  FakeClock c;
  std::ostringstream err;
  ProgressLine line(err, "t: ", false, c.clock());
  c.now += 10s;
  line.update([](double) { return std::string("x"); });
  line.clear();
  EXPECT_EQ(err.str(), "");
}

TEST(ProgressLine, DisabledClearsAndStaysQuiet) {
  FakeClock c;
  std::ostringstream err;
  ProgressLine line(err, "t: ", true, c.clock());
  c.now += 2s;
  line.update([](double) { return std::string("x"); });
  EXPECT_EQ(err.str(), "\rt: x\033[K");
  line.disable();  // -quiet, or output on the terminal
  EXPECT_EQ(err.str(), "\rt: x\033[K\r\033[K");
  c.now += 2s;
  line.update([](double) { return std::string("y"); });
  EXPECT_EQ(err.str(), "\rt: x\033[K\r\033[K");
  EXPECT_FALSE(line.enabled());
}

TEST(ProgressLine, ZeroDelayShowsAtOnce) {
  FakeClock c;
  std::ostringstream err;
  ProgressLine line(err, "t: ", true, c.clock(), 0ms);
  line.update([](double s) { return std::to_string(int(s)); });
  EXPECT_EQ(err.str(), "\rt: 0\033[K");
}

}  // namespace
}  // namespace gotrace::cli
