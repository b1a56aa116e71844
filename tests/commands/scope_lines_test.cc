// scope's lines as scope_chart reads them back.
#include "gotrace/commands/scope_lines.h"

#include <gtest/gtest.h>

namespace gotrace::commands {
namespace {

TEST(ScopeLines, ReadsTextAndJsonLines) {
  size_t skipped = 0;
  const auto samples = readScopeSamples(
      "start 5 length 10 frac 0.250000 stack runtime.goexit;main.main;main.a\n"
      "scope: a.trace: 3 regions\n"
      "\n"
      "{\"frac\":0.75,\"stack\":[\"runtime.goexit\",\"main.main\",\"main.b\"]}\n"
      "start 5 length 10 frac 1.5 stack main.main\n"
      "start 5 length 10 frac x stack main.main\n"
      "{\"frac\":\"no\"}\n",
      skipped);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(skipped, 4u);
  EXPECT_DOUBLE_EQ(samples[0].frac, 0.25);
  EXPECT_EQ(samples[0].stack, (std::vector<std::string>{"main.main", "main.a"}));  // runtime.goexit left out
  EXPECT_EQ(samples[1].stack, (std::vector<std::string>{"main.main", "main.b"}));
}

TEST(ScopeLines, WritesWhatItReads) {
  std::string text;
  appendScopeText(text, {"t", "k", 7, 100, 50, 25, 0.5, {"runtime.goexit", "main.main", "main.a"}});
  EXPECT_EQ(text, "start 100 length 50 frac 0.500000 stack runtime.goexit;main.main;main.a\n");
  std::string json;
  // The trace began at 9000: the region at 9100, the sample 25 ns into it.
  appendScopeJson(json, {"t\"x", "k", 7, 100, 50, 25, 0.5, {"main.main", "<a>"}, 9000});
  EXPECT_EQ(json,
            "{\"trace\":\"t\\\"x\",\"kind\":\"k\",\"g\":7,\"region_start\":100,\"region_length\":50,\"offset\":25,"
            "\"frac\":0.500000,\"region_start_ts\":9100,\"sample_ts\":9125,\"stack\":[\"main.main\",\"\\u003ca\\u003e\"]}\n");
  size_t skipped = 0;
  // The time base's comment line is passed over, not counted as skipped.
  const auto samples = readScopeSamples("# times: ns since the trace's first event\n" + text + json, skipped);
  EXPECT_EQ(skipped, 0u);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].stack, (std::vector<std::string>{"main.main", "main.a"}));
  EXPECT_EQ(samples[1].stack, (std::vector<std::string>{"main.main", "<a>"}));
}

}  // namespace
}  // namespace gotrace::commands
