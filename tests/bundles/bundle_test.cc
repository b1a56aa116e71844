#include <gtest/gtest.h>

#include "gotrace/bundles/bundle_meta.h"
#include "gotrace/bundles/bundle_rank.h"
#include "gotrace/base/error.h"
#include "gotrace/pprof/profile.h"
#include "gotrace/pprof/sample_filter.h"

namespace gotrace::bundles {
namespace {

TEST(Rfc3339, ValidAndInvalid) {
  EXPECT_EQ(parseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseRfc3339("2026-11-23T00:42:45.254Z"), int64_t(1795394565) * 1000000000 + 254000000);
  EXPECT_EQ(parseRfc3339("2026-11-23T01:42:45.254+01:00"), parseRfc3339("2026-11-23T00:42:45.254Z"));
  EXPECT_EQ(parseRfc3339("2024-02-29T12:00:00.000000001-00:30"), int64_t(1709209800) * 1000000000 + 1);
  for (const char* bad : {"", "yesterday", "2026-11-23", "2026-11-23 00:42:45Z", "2026-13-01T00:00:00Z",
                          "2023-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T00:00:00",
                          "2026-11-23T00:00:00.Z", "2026-11-23T00:00:00Zjunk"}) {
    EXPECT_FALSE(parseRfc3339(bad)) << bad;
  }
}

TEST(BundleMeta, FieldsAndErrors) {
  BundleMeta m = parseMeta(
      R"({"main":"example.com/app","revision":"v1.4.2","go_version":"go1.21.5","hostname":"web-7",)"
      R"("proc_id":"1-65a17e03-0123456789abcdef01234567-4242","init_time":"2024-01-12T18:03:15.123Z",)"
      R"("capture_time":"2024-01-12T18:05:10.456Z","extra":1})");
  EXPECT_EQ(m.hostname, "web-7");
  EXPECT_EQ(m.procId, "1-65a17e03-0123456789abcdef01234567-4242");
  EXPECT_EQ(m.captureTime - m.initTime, int64_t(115333) * 1000000);
  EXPECT_EQ(m.captureTimeText, "2024-01-12T18:05:10.456Z");
  // Missing keys are empty.
  EXPECT_EQ(parseMeta("{}").captureTime, 0);
  EXPECT_THROW(parseMeta("{\"capture_time\":\"\"}"), Error);  // present but not a time
  EXPECT_THROW(parseMeta("{\"hostname\":3}"), Error);
  EXPECT_THROW(parseMeta("[1]"), Error);
  // Found by fuzz_bundle: a number no type holds was an uncaught exception.
  try {
    parseMeta("{\"x\": 55766666666666333333333333366663e3336666633}");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("meta: invalid JSON: ", 0), 0u) << e.what();
  }
  // Found by fuzz_bundle: a year whose nanoseconds overflow 64 bits (was
  // undefined behaviour) is an error, as is 2263; the edges still read.
  EXPECT_THROW(parseMeta("{\"capture_time\":\"1014-01-02T03:04:05Z\"}"), Error);
  EXPECT_THROW(parseMeta("{\"capture_time\":\"2263-01-01T00:00:00Z\"}"), Error);
  EXPECT_EQ(parseMeta("{\"capture_time\":\"1678-01-01T00:00:00Z\"}").captureTime, -9214560000000000000);
  EXPECT_EQ(parseMeta("{\"capture_time\":\"2262-01-01T00:00:00Z\"}").captureTime, 9214646400000000000);
  EXPECT_THROW(parseMeta("{\"main\":"), Error);
}

TEST(Score, Formatting) {
  EXPECT_EQ(formatScore(0), "0");
  EXPECT_EQ(formatScore(-42), "-42");
  // Beyond 64 bits: the sum of many int64 maxima.
  Score big = Score(INT64_MAX) * 1000;
  EXPECT_EQ(formatScore(big), "9223372036854775807000");
  EXPECT_EQ(formatScore(-big), "-9223372036854775807000");
}

}  // namespace
}  // namespace gotrace::bundles

namespace gotrace::pprof {
namespace {

// A profile with functions a (main.go), b (net.go), c; samples:
//   0: [a]      value 1
//   1: [b, a]   value 10  (leaf first)
//   2: []       value 100
//   3: [c, b]   value 1000
Profile sampleProfile() {
  Profile p;
  p.sampleTypes = {{"goroutine", "count"}};
  for (const char* name : {"a", "b", "c"}) {
    Function f;
    f.name = name;
    f.filename = std::string(name) == "b" ? "net.go" : "main.go";
    p.functions.push_back(f);
  }
  for (uint32_t i = 0; i < 3; i++) {
    Location l;
    l.id = i + 1;
    l.lines = {Line{i, 1, 0}};
    p.locations.push_back(l);
  }
  p.samples = {Sample{{0}, {1}, {}}, Sample{{1, 0}, {10}, {}}, Sample{{}, {100}, {}}, Sample{{2, 1}, {1000}, {}}};
  return p;
}

std::vector<size_t> kept(const std::vector<std::string>& focus, std::optional<std::string> ignore) {
  return SampleFilter(focus, ignore).apply(sampleProfile());
}

TEST(SampleFilter, Semantics) {
  EXPECT_EQ(kept({}, std::nullopt), (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_EQ(kept({"^b$"}, std::nullopt), (std::vector<size_t>{1, 3}));
  // Every -focus must match (AND), each on any frame.
  EXPECT_EQ(kept({"^b$", "^a$"}, std::nullopt), (std::vector<size_t>{1}));
  // File names match too.
  EXPECT_EQ(kept({"net\\.go"}, std::nullopt), (std::vector<size_t>{1, 3}));
  // -ignore drops samples with a matching frame, and samples with no frames.
  EXPECT_EQ(kept({}, std::string("^c$")), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(kept({"a"}, std::string("^c$")), (std::vector<size_t>{0, 1}));
  EXPECT_THROW(SampleFilter({"("}, std::nullopt), Error);
}

}  // namespace
}  // namespace gotrace::pprof
