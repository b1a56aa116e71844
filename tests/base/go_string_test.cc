#include "gotrace/base/go_string.h"

#include <gtest/gtest.h>

namespace gotrace {
namespace {

// Expected values are what Go's strconv.Quote returns for the same input.
TEST(GoQuote, Ascii) {
  EXPECT_EQ(goQuoted(""), "\"\"");
  EXPECT_EQ(goQuoted("net/http.(*conn).serve"), "\"net/http.(*conn).serve\"");
  EXPECT_EQ(goQuoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(goQuoted("\a\b\f\n\r\t\v"), "\"\\a\\b\\f\\n\\r\\t\\v\"");
  EXPECT_EQ(goQuoted(std::string("\x00\x1f\x7f", 3)), "\"\\x00\\x1f\\x7f\"");
}

TEST(GoQuote, Unicode) {
  EXPECT_EQ(goQuoted("héllo 世界"), "\"héllo 世界\"");        // printable: kept
  EXPECT_EQ(goQuoted("\xc2\xa0"), "\"\\u00a0\"");              // NO-BREAK SPACE is not printable
  EXPECT_EQ(goQuoted("\xe2\x80\x8b"), "\"\\u200b\"");          // ZERO WIDTH SPACE
  EXPECT_EQ(goQuoted("\xf3\xa0\x80\x81"), "\"\\U000e0001\"");  // LANGUAGE TAG
  EXPECT_EQ(goQuoted("\xef\xbf\xbd"), "\"\xef\xbf\xbd\"");     // a real U+FFFD is printable
}

TEST(GoQuote, InvalidUtf8) {
  EXPECT_EQ(goQuoted("\xff"), "\"\\xff\"");
  EXPECT_EQ(goQuoted("a\xc3"), "\"a\\xc3\"");                // truncated sequence
  EXPECT_EQ(goQuoted("\xed\xa0\x80"), "\"\\xed\\xa0\\x80\"");  // an encoded surrogate
  EXPECT_EQ(goQuoted("\xc0\xaf"), "\"\\xc0\\xaf\"");          // overlong
}

TEST(GoUnquote, DoubleQuotedAndRaw) {
  size_t used = 0;
  EXPECT_EQ(unquoteGoPrefix(R"("a\tb\"c\\d\x41\101\u00e9\U0001F600" rest)", used),
            std::string("a\tb\"c\\dAAé\xf0\x9f\x98\x80"));
  EXPECT_EQ(used, 36u);
  EXPECT_EQ(unquoteGoPrefix("`raw \\n string` x", used), std::string("raw \\n string"));
  EXPECT_EQ(used, 15u);
}

TEST(GoUnquote, Malformed) {
  size_t used = 0;
  EXPECT_FALSE(unquoteGoPrefix("\"unterminated", used));
  EXPECT_FALSE(unquoteGoPrefix("\"bad \\q escape\"", used));
  EXPECT_FALSE(unquoteGoPrefix("\"\\xZZ\"", used));
  EXPECT_FALSE(unquoteGoPrefix("\"\\ud800\"", used));
  EXPECT_FALSE(unquoteGoPrefix("plain", used));
  EXPECT_FALSE(unquoteGoPrefix("", used));
}

}  // namespace
}  // namespace gotrace
