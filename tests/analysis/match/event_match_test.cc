#include "gotrace/analysis/match/event_match.h"

#include <gtest/gtest.h>

#include "gotrace/base/error.h"

namespace gotrace {
namespace {

std::string parseError(std::string_view text) {
  try {
    EventMatcher::parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(EventMatcher, RoundTrips) {
  for (const char* text : {"StateTransition \"**\"", "StateTransition \"^net/http...conn..serve$\" \"**\"",
                           "Any \"**\" \"^syscall.write$\""}) {
    EXPECT_EQ(EventMatcher::parse(text).toString(), text);
  }
  EXPECT_EQ(EventMatcher::parse("RangeBegin").toString(), "RangeBegin **");
  EXPECT_EQ(EventMatcher::parse("Any `raw\\.re`").toString(), "Any \"raw\\\\.re\"");
}

TEST(EventMatcher, Errors) {
  EXPECT_EQ(parseError("Bogus \"**\""), "invalid trace event name \"Bogus\"");
  EXPECT_EQ(parseError(""), "invalid trace event name \"\"");
  EXPECT_EQ(parseError("Bad"), "invalid trace event name \"Bad\"");
  EXPECT_EQ(parseError("StateTransition oops").rfind("invalid stack matcher flag: ", 0), 0u);
  EXPECT_EQ(parseError("StateTransition \"[\"").rfind("invalid stack matcher flag: could not compile", 0), 0u);
}

TEST(EventMatcher, KindAndStack) {
  TraceTables t;
  FrameId f = t.stacks.internFrame(Frame{1, t.strings.intern("main.main"), 0, 1});
  std::vector<FrameId> frames{f};
  Event withStack;
  withStack.kind = EventKind::StateTransition;
  withStack.stack = t.stacks.intern(frames);
  Event noStack;
  noStack.kind = EventKind::StateTransition;
  Event metric;
  metric.kind = EventKind::Metric;

  EXPECT_TRUE(EventMatcher().matches(metric, t));
  EXPECT_TRUE(EventMatcher::parse("Any").selectsAll());
  // No specs: only events without a stack.
  auto bare = EventMatcher::parse("StateTransition");
  EXPECT_TRUE(bare.matches(noStack, t));
  EXPECT_FALSE(bare.matches(withStack, t));
  auto all = EventMatcher::parse("StateTransition \"**\"");
  EXPECT_TRUE(all.matches(noStack, t));
  EXPECT_TRUE(all.matches(withStack, t));
  EXPECT_FALSE(all.matches(metric, t));
  EXPECT_TRUE(EventMatcher::parse("Any \"^main\\\\.main$\"").matches(withStack, t));
}

}  // namespace
}  // namespace gotrace
