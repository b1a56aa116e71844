#include "gotrace/io/varint.h"

#include <gtest/gtest.h>

#include <vector>

namespace gotrace::io {
namespace {

int decode(std::vector<uint8_t> bytes, uint64_t& v) { return decodeUvarint(bytes.data(), bytes.data() + bytes.size(), v); }

TEST(Uvarint, CanonicalValues) {
  uint64_t v = 0;
  EXPECT_EQ(decode({0x00}, v), 1);
  EXPECT_EQ(v, 0u);
  EXPECT_EQ(decode({0x7f}, v), 1);
  EXPECT_EQ(v, 127u);
  EXPECT_EQ(decode({0x80, 0x01}, v), 2);
  EXPECT_EQ(v, 128u);
  EXPECT_EQ(decode({0xa8, 0xd6, 0xb9, 0x07}, v), 4);  // the 15625000 of real traces
  EXPECT_EQ(v, 15625000u);
}

TEST(Uvarint, PaddedEncodingsAreAccepted) {
  // The runtime reserves 10 bytes for batch sizes: 25 written as 10 bytes.
  uint64_t v = 0;
  EXPECT_EQ(decode({0x99, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, v), 10);
  EXPECT_EQ(v, 25u);
}

TEST(Uvarint, MaxValueAndOverflow) {
  uint64_t v = 0;
  EXPECT_EQ(decode({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, v), 10);
  EXPECT_EQ(v, UINT64_MAX);
  // A 10th byte above 1 does not fit in 64 bits; an 11th byte never does.
  EXPECT_EQ(decode({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, v), -1);
  EXPECT_EQ(decode({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, v), -1);
}

TEST(Uvarint, Truncated) {
  uint64_t v = 0;
  EXPECT_EQ(decode({}, v), 0);
  EXPECT_EQ(decode({0x80}, v), 0);
  EXPECT_EQ(decode({0xff, 0xff, 0xff}, v), 0);
}

}  // namespace
}  // namespace gotrace::io
