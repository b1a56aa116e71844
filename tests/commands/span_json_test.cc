// regiongraph's JSON, written and read back by etviz's reader.
#include "gotrace/commands/span_json.h"
#include "gotrace/commands/span_json_reader.h"

#include <gtest/gtest.h>

#include "gotrace/base/error.h"

namespace gotrace::commands {
namespace {

std::string errorOf(std::string_view json) {
  try {
    readSpanTreesJson(json);
  } catch (const Error& e) {
    return e.describe();
  }
  return "";
}

TEST(SpanJsonReader, Errors) {
  EXPECT_EQ(errorOf("{\"G\":1,\"Kind\":\"k\",\"StartNs\":0,\"LengthNs\":1}\n{\"G\":"),
            "offset 49: invalid JSON: [json.exception.parse_error.101] parse error at line 1, column 6: syntax "
            "error while parsing value - unexpected end of input; expected '[', '{', or a literal");
  EXPECT_EQ(errorOf("[1,2]"), "offset 0: not regiongraph JSON: a value is a list, not an object");
  EXPECT_EQ(errorOf("{\"a\":1}"),
            "offset 0: not regiongraph JSON: neither a span tree (regiongraph -json) nor a tree summary (-summarize)");
  EXPECT_EQ(errorOf("  {\"G\":1,\"Kind\":\"k\",\"StartNs\":0,\"LengthNs\":-1}"),
            "offset 2: not regiongraph JSON: a negative LengthNs");
  EXPECT_EQ(errorOf("{\"G\":\"1\",\"Kind\":\"k\",\"StartNs\":0,\"LengthNs\":1}"),
            "offset 0: not regiongraph JSON: a string for G");
  EXPECT_EQ(errorOf("{\"G\":1,\"Kind\":\"k\",\"StartNs\":0,\"LengthNs\":1,\"StartRun\":[0.5]}"),
            "offset 0: not regiongraph JSON: a fraction where integers belong in a list of offsets");
  EXPECT_EQ(errorOf(""), "");
  EXPECT_TRUE(readSpanTreesJson(" \n ").empty());
}

TEST(SpanJsonReader, ReadsWhatRegiongraphWrites) {
  Span s;
  s.goroutine = 12;
  s.kind = "a\"<b>";
  s.startNs = 5;
  s.lengthNs = 100;
  s.startRun = {0, 50};
  s.startWait = {{"cpu", {-3, 40}}, {"net", {10}}};
  s.startAssist = {{"gc", {20}}};
  s.caused.push_back(s);
  std::string json;
  appendSpanJson(json, s);
  json += "\n";
  const TreeSummary sum = summarize(s);
  appendTreeSummaryJson(json, sum, s);
  auto back = readSpanTreesJson(json);
  ASSERT_EQ(back.size(), 2u);
  for (const Span& b : back) {
    EXPECT_EQ(b.kind, s.kind);
    EXPECT_EQ(b.startRun, s.startRun);
    EXPECT_EQ(b.startWait, s.startWait);
    EXPECT_EQ(b.startAssist, s.startAssist);
    ASSERT_EQ(b.caused.size(), 1u);
    EXPECT_EQ(b.caused[0].lengthNs, 100);
  }
}

}  // namespace
}  // namespace gotrace::commands
