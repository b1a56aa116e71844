#include "gotrace/analysis/intervals.h"

#include <gtest/gtest.h>

namespace gotrace {
namespace {

TEST(Intervals, Collapse) {
  EXPECT_EQ(collapse({{4, 7}}, {0, 6}), (Intervals{{4, 6}}));
  EXPECT_EQ(collapse({{4, 7}}, {0, 4}), (Intervals{}));
  EXPECT_EQ(collapse({{1, 4}, {4, 7}}, {0, 10}), (Intervals{{1, 7}}));  // touching ranges merge
  EXPECT_EQ(collapse({{4, 7}, {5, 13}}, {0, 10}), (Intervals{{4, 10}}));
  EXPECT_EQ(collapse({{9, 12}, {1, 2}, {3, 3}, {5, 4}}, {0, 100}), (Intervals{{1, 2}, {9, 12}}));
}

TEST(Intervals, ComplementSubtractIntersectUnite) {
  EXPECT_EQ(complement({{2, 3}, {5, 6}}, {0, 10}), (Intervals{{0, 2}, {3, 5}, {6, 10}}));
  EXPECT_EQ(complement({}, {0, 10}), (Intervals{{0, 10}}));
  EXPECT_EQ(subtract({{0, 10}}, {{4, 7}}), (Intervals{{0, 4}, {7, 10}}));
  EXPECT_EQ(subtract({{0, 10}, {20, 30}}, {{5, 15}, {25, 35}}), (Intervals{{0, 5}, {20, 25}}));
  EXPECT_EQ(subtract({}, {{1, 2}}), (Intervals{}));
  EXPECT_EQ(intersect({{0, 10}, {20, 30}}, {{5, 25}}), (Intervals{{5, 10}, {20, 25}}));
  EXPECT_EQ(intersect({{0, 10}}, {}), (Intervals{}));
  EXPECT_EQ(unite({{0, 5}}, {{3, 8}, {10, 11}}), (Intervals{{0, 8}, {10, 11}}));
  EXPECT_EQ(magnitude({{0, 5}, {10, 11}}), 6);
}

}  // namespace
}  // namespace gotrace
