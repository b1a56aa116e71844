#include <gtest/gtest.h>

#include <string>

#include "gotrace/base/error.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {
namespace {

TraceVersion parse(std::string text) {
  text.resize(16, '\0');
  return parseTraceHeader({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

std::string errorOf(std::string text) {
  try {
    parse(std::move(text));
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Header, EveryReadableVersion) {
  for (int minor : {11, 19, 21}) {
    TraceVersion v = parse("go 1." + std::to_string(minor) + " trace");
    EXPECT_EQ(v.minor, minor);
    EXPECT_EQ(v.format, TraceFormat::V1);
  }
  for (int minor : {22, 23, 25, 26}) {
    TraceVersion v = parse("go 1." + std::to_string(minor) + " trace");
    EXPECT_EQ(v.minor, minor);
    EXPECT_EQ(v.format, TraceFormat::V2);
    EXPECT_EQ(v.header(), "go 1." + std::to_string(minor) + " trace");
  }
}

TEST(Header, VersionsThatNeverExistedOrAreTooOld) {
  EXPECT_EQ(errorOf("go 1.20 trace"), "unknown or unsupported trace version go 1.20");
  EXPECT_EQ(errorOf("go 1.24 trace"), "unknown or unsupported trace version go 1.24");
  EXPECT_EQ(errorOf("go 1.99 trace"), "unknown or unsupported trace version go 1.99");
  EXPECT_EQ(errorOf("go 1.5 trace"), "unsupported: Go 1.5 traces (before Go 1.11)");
  EXPECT_EQ(errorOf("go 1.10 trace"), "unsupported: Go 1.10 traces (before Go 1.11)");
}

TEST(Header, NotATrace) {
  const std::string bad = "bad file format: not a Go execution trace?";
  EXPECT_EQ(errorOf("\x1f\x8b\x08\x00gzipped"), bad);
  EXPECT_EQ(errorOf("go 1.22 trace!!!"), bad);
  EXPECT_EQ(errorOf("go 1. trace"), bad);
  EXPECT_EQ(errorOf("go 2.1 trace"), bad);
  std::string shortHeader = "go 1.22 trace";
  EXPECT_THROW(parseTraceHeader({reinterpret_cast<const uint8_t*>(shortHeader.data()), shortHeader.size()}), Error);
}

}  // namespace
}  // namespace gotrace
