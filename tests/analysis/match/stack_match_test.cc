#include "gotrace/analysis/match/stack_match.h"

#include <gtest/gtest.h>

#include "gotrace/base/error.h"

namespace gotrace {
namespace {

// Stacks are written root first here, as patterns are; the matcher takes
// them leaf first.
bool match(std::vector<std::string_view> rootFirst, std::vector<std::string> specs) {
  std::vector<std::string_view> leafFirst(rootFirst.rbegin(), rootFirst.rend());
  return StackPattern(std::move(specs)).matches(leafFirst);
}

// The original's truth table, but for its one asymmetry: there a trailing
// "**" needed at least one frame (issue 18, defect 2); here "**" is any
// number of frames, zero included, wherever it stands.
TEST(StackPattern, TruthTableOfTheOriginal) {
  EXPECT_TRUE(match({"a"}, {"a", "**"}));  // the original: false
  EXPECT_TRUE(match({"a"}, {"a"}));
  EXPECT_TRUE(match({"a"}, {"**", "a"}));
  EXPECT_TRUE(match({"a"}, {"**", "a", "**"}));  // the original: false
  EXPECT_TRUE(match({"a", "b"}, {"a", "**"}));
  EXPECT_TRUE(match({"a", "b"}, {"a", "**", "b"}));  // a middle ** may be empty
  EXPECT_TRUE(match({"a", "b"}, {"**", "a", "**", "b", "**"}));  // the original: false
  EXPECT_TRUE(match({"a", "b", "c"}, {"a", "**", "b", "**"}));
  EXPECT_FALSE(match({"a", "b"}, {"a"}));  // frames left over
  EXPECT_TRUE(match({}, {}));
  EXPECT_TRUE(match({}, {"**"}));
  EXPECT_TRUE(match({}, {"**", "**"}));
  EXPECT_FALSE(match({"a"}, {}));
  EXPECT_TRUE(match({"a"}, {"**"}));
  EXPECT_TRUE(match({"x/vendor/y.z"}, {"^y.z$"}));  // vendor prefix trimmed
  EXPECT_FALSE(match({"a", "b", "c"}, {"**", "b"}));
  EXPECT_FALSE(match({"a", "b", "x", "b"}, {"a", "**", "b", "b"}));
}

TEST(StackPattern, ProjectCases) {
  std::vector<std::string_view> s = {"a", "bee", "cee", "x/vendor/d", "e"};
  EXPECT_TRUE(match(s, {"**"}));
  EXPECT_TRUE(match(s, {"a", "**"}));
  EXPECT_FALSE(match(s, {"bee", "**"}));
  EXPECT_TRUE(match(s, {"**", "bee", "**"}));
  EXPECT_TRUE(match(s, {"**", "e"}));
  EXPECT_TRUE(match(s, {"**", "e", "**"}));
  EXPECT_TRUE(match(s, {"**", "a", "**"}));
  EXPECT_TRUE(match(s, {"a", "**", "bee", "**"}));
  EXPECT_TRUE(match(s, {"a", "**", "**", "**", "bee", "**"}));
  EXPECT_TRUE(match(s, {"a", "ee", "ee", "**"}));
  EXPECT_TRUE(match(s, {"a", "**", "^d$", "**"}));
  EXPECT_FALSE(match(s, {"a", ".*", "^d$", ".*"}));
  EXPECT_TRUE(match(s, {"a", ".*", ".*", "^d$", ".*"}));
  EXPECT_FALSE(match(s, {"**", "x", "**"}));
  EXPECT_TRUE(match({}, {"**"}));
  EXPECT_FALSE(match({}, {"**", "f", "**"}));
}

// "**" matches zero frames wherever it stands: at the start, in the middle,
// at the end, alone, and repeated.
TEST(StackPattern, DoubleStarMatchesZeroFramesAnywhere) {
  const std::vector<std::string_view> s = {"main.main", "main.handle", "sync.(*Mutex).Lock"};
  // at the start
  EXPECT_TRUE(match(s, {"**", "^main.main$", "^main.handle$", "Lock$"}));
  // in the middle
  EXPECT_TRUE(match(s, {"^main.main$", "**", "^main.handle$", "**", "Lock$"}));
  // at the end: the leaf itself named, then "**"
  EXPECT_TRUE(match(s, {"**", "sync...Mutex..Lock", "**"}));
  EXPECT_TRUE(match(s, {"^main.main$", "^main.handle$", "Lock$", "**"}));
  // alone, on an empty stack and a full one
  EXPECT_TRUE(match({}, {"**"}));
  EXPECT_TRUE(match(s, {"**"}));
  // repeated, all of them empty
  EXPECT_TRUE(match(s, {"**", "**", "^main.main$", "**", "**", "^main.handle$", "**", "Lock$", "**", "**"}));
  EXPECT_TRUE(match({"a"}, {"**", "**", "a", "**", "**"}));
  // still anchored: every frame must be accounted for
  EXPECT_FALSE(match(s, {"^main.handle$", "**"}));
  EXPECT_FALSE(match(s, {"**", "^main.handle$"}));
  EXPECT_FALSE(match(s, {"**", "^nothing$", "**"}));
  EXPECT_FALSE(match({}, {"**", "a", "**"}));
}

TEST(StackPattern, GoStylePunctuationPatterns) {
  EXPECT_TRUE(match({"net/http.(*conn).serve", "net/http.serverHandler.ServeHTTP"},
                    {"^net/http...conn..serve$", "**"}));
}

TEST(StackPattern, BadRegexp) {
  try {
    StackPattern({"**", "["});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("could not compile regexp \"[\": ", 0), 0u) << e.what();
  }
}

TEST(StackPattern, InternedStacks) {
  StringTable strings;
  StackTable stacks;
  std::vector<FrameId> leafFirst;
  for (auto name : {"syscall.read", "os.(*File).Read", "main.main"}) {
    leafFirst.push_back(stacks.internFrame(Frame{1, strings.intern(name), 0, 1}));
  }
  StackId id = stacks.intern(leafFirst);
  StackPattern p({"^main.main$", "**", "^syscall.read$"});
  EXPECT_TRUE(p.matches(id, stacks, strings));
  EXPECT_TRUE(p.matches(id, stacks, strings));  // cached the second time
  EXPECT_FALSE(StackPattern({"^main.main$"}).matches(id, stacks, strings));
  EXPECT_TRUE(StackPattern(std::vector<std::string>{}).matches(kNoStack, stacks, strings));
}

}  // namespace
}  // namespace gotrace
