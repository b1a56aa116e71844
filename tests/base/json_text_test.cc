// JSON string literals, and the UTF-8 decoding under them and Go quoting.
#include "gotrace/base/json_text.h"

#include <gtest/gtest.h>

#include "gotrace/base/utf8.h"

namespace gotrace {
namespace {

std::string jsonString(std::string_view s) {
  std::string out;
  appendJsonString(out, s);
  return out;
}

// Go's encoding/json rules: valid UTF-8 kept, every byte of an invalid
// sequence (overlong, surrogate, past U+10FFFF, cut short) one \ufffd.
TEST(JsonText, EscapesAsGoDoes) {
  EXPECT_EQ(jsonString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e"), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\"");
  EXPECT_EQ(jsonString("<a&b>\"\\\n\x01"), "\"\\u003ca\\u0026b\\u003e\\\"\\\\\\n\\u0001\"");
  EXPECT_EQ(jsonString("\xe2\x80\xa8"), "\"\\u2028\"");
  EXPECT_EQ(jsonString("\xc0\xaf"), "\"\\ufffd\\ufffd\"");              // overlong '/'
  EXPECT_EQ(jsonString("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");   // surrogate
  EXPECT_EQ(jsonString("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // past U+10FFFF
  EXPECT_EQ(jsonString("a\xe2\x82"), "\"a\\ufffd\\ufffd\"");            // cut short
}

TEST(Utf8, DecodesAsGoDoes) {
  EXPECT_EQ(decodeRune("a").rune, uint32_t('a'));
  EXPECT_EQ(decodeRune("\xc3\xa9").rune, 0xe9u);
  EXPECT_EQ(decodeRune("\xc3\xa9").width, 2u);
  EXPECT_EQ(decodeRune("\xf0\x9d\x84\x9e").rune, 0x1d11eu);
  EXPECT_TRUE(decodeRune("\xef\xbf\xbd").valid);  // U+FFFD itself is valid
  for (std::string_view bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80", "\xff"}) {
    const DecodedRune d = decodeRune(bad);
    EXPECT_FALSE(d.valid) << bad;
    EXPECT_EQ(d.rune, kRuneError);
    EXPECT_EQ(d.width, 1u);
  }
  EXPECT_EQ(decodeRune("").width, 0u);
}

// The one rule for strings put into JSON documents: each invalid byte one U+FFFD.
TEST(Utf8, ToValidUtf8ReplacesEachInvalidByte) {
  EXPECT_EQ(toValidUtf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(toValidUtf8("caf\xe9"), "caf\xef\xbf\xbd");
  EXPECT_EQ(toValidUtf8("a\xe2\x82"), "a\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(toValidUtf8("\xed\xa0\x80z"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz");
  EXPECT_TRUE(isValidUtf8("caf\xc3\xa9"));
  EXPECT_FALSE(isValidUtf8("caf\xe9"));
  EXPECT_EQ(toValidUtf8(""), "");
}

}  // namespace
}  // namespace gotrace
