// Go durations as flags take them and as Go prints them.
#include "gotrace/base/go_duration.h"

#include <gtest/gtest.h>

namespace gotrace {
namespace {

TEST(GoDuration, Parses) {
  EXPECT_EQ(parseGoDuration("0"), 0);
  EXPECT_EQ(parseGoDuration("500us"), 500'000);
  EXPECT_EQ(parseGoDuration("500\xc2\xb5s"), 500'000);
  EXPECT_EQ(parseGoDuration("1.5ms"), 1'500'000);
  EXPECT_EQ(parseGoDuration("2s"), 2'000'000'000);
  EXPECT_EQ(parseGoDuration("1m30s"), 90'000'000'000);
  EXPECT_EQ(parseGoDuration("-3ns"), -3);
  EXPECT_EQ(parseGoDuration("1h"), 3'600'000'000'000);
  EXPECT_EQ(parseGoDuration(""), std::nullopt);
  EXPECT_EQ(parseGoDuration("5"), std::nullopt);
  EXPECT_EQ(parseGoDuration("ms"), std::nullopt);
  EXPECT_EQ(parseGoDuration("1x"), std::nullopt);
}

TEST(GoDuration, Formats) {
  // Go's time.Duration.String().
  EXPECT_EQ(formatGoDuration(0), "0s");
  EXPECT_EQ(formatGoDuration(750), "750ns");
  EXPECT_EQ(formatGoDuration(1'500), "1.5\xc2\xb5s");
  EXPECT_EQ(formatGoDuration(2'000'000), "2ms");
  EXPECT_EQ(formatGoDuration(1'234'567), "1.234567ms");
  EXPECT_EQ(formatGoDuration(1'000'000'000), "1s");
  EXPECT_EQ(formatGoDuration(90'500'000'000), "1m30.5s");
  EXPECT_EQ(formatGoDuration(7'200'000'000'000), "2h0m0s");
  EXPECT_EQ(formatGoDuration(-3), "-3ns");
}

}  // namespace
}  // namespace gotrace
