// regiongraph's JSON, written and read back by etviz's reader.
#include "gotrace/commands/span_json.h"
#include "gotrace/commands/span_json_reader.h"

#include <gtest/gtest.h>

#include "gotrace/base/error.h"
#include "gotrace/render/request_bands_svg.h"

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
  appendSpanJson(json, s, 1000);
  json += "\n";
  const TreeSummary sum = summarize(s);
  appendTreeSummaryJson(json, sum, s, 1000);
  // Absolute times beside the relative ones (the trace began at 1000).
  EXPECT_EQ(json.find("{\"G\":12,\"Kind\":\"a\\\"\\u003cb\\u003e\",\"StartNs\":5,\"LengthNs\":100,\"StartTs\":1005,\"EndTs\":1105,"), 0u)
      << json;
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

// Times that would overflow 64 bits when added up (an 81-byte line once made
// etviz's axis loop run forever) are refused with the value's offset.
TEST(SpanJsonReader, RefusesTimesBeyondTheLimit) {
  EXPECT_EQ(errorOf("{\"G\":1,\"Kind\":\"server/http\",\"StartNs\":9223372036854775000,\"LengthNs\":800}"),
            "offset 0: not regiongraph JSON: StartNs 9223372036854775000 is beyond the limit of ±2^60 ns (36 years)");
  EXPECT_EQ(errorOf("{\"G\":1,\"Kind\":\"k\",\"StartNs\":0,\"LengthNs\":1,\"StartRun\":[-2305843009213693953]}"),
            "offset 0: not regiongraph JSON: an offset -2305843009213693953 is beyond the limit of ±2^60 ns (36 years)");
  EXPECT_EQ(errorOf("{\"G\":1,\"Kind\":\"k\",\"StartNs\":1152921504606846976,\"LengthNs\":1152921504606846976}"),
            "");
}

// A chain of causes 200,000 deep: written, read back, copied, summarized,
// drawn and destroyed with explicit stacks (recursion would overflow the
// stack long before).
TEST(SpanJsonReader, DeepTreesWithoutRecursion) {
  constexpr int kDepth = 200000;
  Span root;
  root.goroutine = 1;
  root.kind = "server/http";
  root.lengthNs = 1000;
  root.startRun = {0};
  Span* at = &root;
  for (int i = 0; i < kDepth; i++) {
    Span& c = at->caused.emplace_back();
    c.goroutine = i + 2;
    c.kind = "worker";
    c.startNs = i % 1000;
    c.lengthNs = 1;
    c.startWait["net"] = {0};
    at = &c;
  }
  std::string json;
  appendSpanJson(json, root, 0);
  std::vector<Span> back = readSpanTreesJson(json);
  ASSERT_EQ(back.size(), 1u);
  int depth = 0;
  for (const Span* s = &back[0]; !s->caused.empty(); s = &s->caused[0]) depth++;
  EXPECT_EQ(depth, kDepth);

  const Span copy = back[0];
  std::string again;
  appendSpanJson(again, copy, 0);
  EXPECT_EQ(again, json);
  EXPECT_EQ(spanTreeDepth(copy), size_t(kDepth) + 1);

  // The flat form (one span per line) reads back into the same tree.
  std::string flat;
  uint64_t nextId = 1;
  appendFlatSpansJson(flat, copy, nextId, 0);
  std::vector<Span> fromFlat = readSpanTreesJson(flat);
  ASSERT_EQ(fromFlat.size(), 1u);
  std::string flatAgain;
  appendSpanJson(flatAgain, fromFlat[0], 0);
  EXPECT_EQ(flatAgain, json);

  const TreeSummary sum = summarize(copy);
  EXPECT_EQ(sum.flatRunNs, 1000);
  const std::string svg = renderRequestBandsSvg(selectRequestTrees(std::move(back), ""), {false});
  EXPECT_NE(svg.find("1 tree (server/http)"), std::string::npos);

  // One band per span: a shallower chain keeps the picture small.
  Span shallow;
  shallow.kind = "server/http";
  shallow.lengthNs = 10;
  at = &shallow;
  for (int i = 0; i < 40000; i++) {
    at = &at->caused.emplace_back();
    at->kind = i == 39999 ? "net/http.(*connReader).backgroundRead" : "worker";
    at->lengthNs = 1;
  }
  std::vector<Span> one;
  one.push_back(std::move(shallow));
  const std::string details = renderRequestBandsSvg(selectRequestTrees(std::move(one), ""), {true});
  EXPECT_NE(details.find("g=0 +0.000ms / 0.000ms worker"), std::string::npos);
}

}  // namespace
}  // namespace gotrace::commands
