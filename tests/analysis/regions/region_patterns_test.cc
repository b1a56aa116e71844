// The region pattern language: what parses into what, and the exact errors
// (with file and line) for what does not.
#include "gotrace/analysis/regions/region_patterns.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gotrace/base/error.h"
#include "gotrace/analysis/goroutines/goroutine_timeline.h"

namespace gotrace {
namespace {

std::string errorOf(std::string_view text) {
  try {
    RegionPatterns().append(RegionPatterns::parse(text, "my.patterns"));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(RegionPatterns, ParsesARecognizer) {
  RegionPatterns p = RegionPatterns::parse(R"(# comment
region client/sdk   # trailing comment
  stack S "**" `^example.com/sdk\.Call$` "**"
  stack S "^main.main$" "**"
  stack T "**"
  activate  S and not end
  keepalive nostack or (S and not block)
  critical  start or S
  require   T
  single
  flush-at-end
  shared
  outer

region client/sdk_gap after client/sdk before client/sdk
nocause "^main.watch$" "**"
)",
                                           "my.patterns");
  ASSERT_EQ(p.recognizers().size(), 2u);
  const RegionRecognizer& r = p.recognizers()[0];
  EXPECT_EQ(r.kind, "client/sdk");
  EXPECT_EQ(r.origin, "my.patterns:2");
  EXPECT_EQ(r.stackNames, (std::vector<std::string>{"S", "T"}));
  ASSERT_EQ(r.stackTests[0].size(), 2u);
  EXPECT_EQ(r.stackTests[0][0].specs(), (std::vector<std::string>{"**", "^example.com/sdk\\.Call$", "**"}));
  EXPECT_EQ(r.activate.text, "S and not end");
  EXPECT_EQ(r.keepalive.text, "nostack or ( S and not block )");
  EXPECT_FALSE(r.critical.empty());
  EXPECT_FALSE(r.require.empty());
  EXPECT_TRUE(r.allowSingle && r.flushAtEnd && r.shared && r.outer);
  EXPECT_FALSE(r.derived());

  const RegionRecognizer& d = p.recognizers()[1];
  EXPECT_TRUE(d.derived());
  EXPECT_EQ(d.after, (std::vector<std::string>{"client/sdk"}));
  EXPECT_EQ(d.before, "client/sdk");
  ASSERT_EQ(p.noCause().size(), 1u);
  EXPECT_EQ(p.noCause()[0].specs(), (std::vector<std::string>{"^main.watch$", "**"}));
}

TEST(RegionPatterns, ExpressionPrecedence) {
  // "a or b and c" is "a or (b and c)": the tree's root is the Or.
  RegionPatterns p = RegionPatterns::parse("region k\n stack A \"a\"\n activate start or A and end\n keepalive always\n",
                                           "t");
  const EventTest& t = p.recognizers()[0].activate;
  ASSERT_EQ(t.nodes.size(), 5u);
  EXPECT_EQ(t.nodes.back().op, EventTest::Op::Or);
  EXPECT_EQ(t.nodes[size_t(t.nodes.back().right)].op, EventTest::Op::And);
}

TEST(RegionPatterns, Errors) {
  EXPECT_EQ(errorOf("stack S \"a\"\n"), "my.patterns:1: `stack` outside a region (start one with `region KIND`)");
  EXPECT_EQ(errorOf("region k\n  activate S\n"),
            "my.patterns:2: unknown test `S` in `S` (define it first with `stack S \"spec\" ...`, or use one of "
            "nostack, stack, start, end, block, yield, syscall, create, unblock, assist, annotation, always, never)");
  EXPECT_EQ(errorOf("region k\n  stack S \"[\"\n"),
            "my.patterns:2: could not compile regexp \"[\": missing ]: [");
  EXPECT_EQ(errorOf("region k\n  stack S **\n"),
            "my.patterns:2: unexpected character \"*\"");
  EXPECT_EQ(errorOf("region k\n  stack S a\n"),
            "my.patterns:2: stack specs are quoted strings (\"**\", \"^regexp$\"), not `a`");
  EXPECT_EQ(errorOf("region k\n  stack start \"a\"\n"),
            "my.patterns:2: `start` is a built-in test; pick another stack name");
  EXPECT_EQ(errorOf("region k\n  activate always\n"), "my.patterns:3: region k (from line 1) has no `keepalive` rule");
  EXPECT_EQ(errorOf("region k\n  activate always\n  activate never\n"), "my.patterns:3: `activate` given twice");
  EXPECT_EQ(errorOf("region k\n  activate (always\n"), "my.patterns:2: missing `)` in `( always`");
  EXPECT_EQ(errorOf("region k\n  activate always never\n"), "my.patterns:2: unexpected `never` in `always never`");
  EXPECT_EQ(errorOf("region k\n  activate always or\n"), "my.patterns:2: `always or` ends too early");
  EXPECT_EQ(errorOf("region k\n  single 1\n"), "my.patterns:2: `single` takes no arguments");
  EXPECT_EQ(errorOf("region k\n  colour blue\n"),
            "my.patterns:2: unknown keyword `colour` (want region, stack, activate, keepalive, critical, require, "
            "single, flush-at-end, shared, outer or nocause)");
  EXPECT_EQ(errorOf("region k after a\n"),
            "my.patterns:1: expected `region KIND after KIND... before KIND` (one kind or more after, one before)");
  EXPECT_EQ(errorOf("region k after a before b\n"),
            "my.patterns:1: region k refers to regions of kind a, which no earlier region defines");
  EXPECT_EQ(errorOf("region k after x before y\n  stack S \"a\"\n"),
            "my.patterns:2: a derived (after/before) region has no stack tests");
  EXPECT_EQ(errorOf("region k\n  stack S \"a\n"), "my.patterns:2: unterminated or invalid quoted string");
}

TEST(RegionPatterns, BuiltinsParseAndAppend) {
  RegionPatterns p = RegionPatterns::builtin();
  std::vector<std::string> kinds;
  for (const auto& r : p.recognizers()) kinds.push_back(r.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"client/http_write", "client/http_read", "client/http_roundtrip",
                                             "client/http_dial", "client/http_dns", "client/tls_handshake",
                                             "server/tls_handshake", "server/http_read", "server/http_write",
                                             "server/http"}));
  // User patterns may build on built-in kinds.
  p.append(RegionPatterns::parse("region server/idle after server/http_write before server/http_read\n", "mine"));
  EXPECT_EQ(p.recognizers().back().kind, "server/idle");
  // ... and on each other only in order.
  RegionPatterns q = RegionPatterns::builtin();
  try {
    q.append(RegionPatterns::parse("region x after y before server/http\n", "mine"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "mine:1: region x refers to regions of kind y, which no earlier region defines");
  }
}

// Issue 18, defect 3: `regiongraph -show-patterns > my.patterns` and then
// `-patterns=my.patterns` counted every region twice. A file's region of a
// built-in kind replaces the built-in one where it stands; two files
// defining one kind is an error naming both.
TEST(RegionPatterns, FileRegionsReplaceBuiltinsOfTheirKind) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("gotrace_patterns_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, std::string_view text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  const std::string copy = write("copy.patterns", RegionPatterns::builtinText());
  const std::string dial = write("dial.patterns",
                                 "# my own dial\n"
                                 "region client/http_dial\n"
                                 "  stack D \"**\" \"^net.*Dial\" \"**\"\n"
                                 "  activate D\n"
                                 "  keepalive nostack or D\n"
                                 "region my/other\n"
                                 "  stack O \"^main.main$\"\n"
                                 "  activate O\n"
                                 "  keepalive O\n");
  const std::string dial2 = write("dial2.patterns", "region client/http_dial\n  activate always\n  keepalive always\n");

  const RegionPatterns builtin = RegionPatterns::builtin();
  std::vector<std::string> builtinKinds;
  for (const auto& r : builtin.recognizers()) builtinKinds.push_back(r.kind);

  // The built-ins' own text: the same recognizers, each once, from the file.
  std::vector<PatternFileNote> notes;
  const RegionPatterns same = RegionPatterns::load(true, {copy}, &notes);
  std::vector<std::string> kinds;
  for (const auto& r : same.recognizers()) {
    kinds.push_back(r.kind);
    EXPECT_EQ(r.origin.rfind(copy + ":", 0), 0u) << r.origin;
  }
  EXPECT_EQ(kinds, builtinKinds);
  EXPECT_EQ(same.noCause().size(), builtin.noCause().size());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].file, copy);
  EXPECT_EQ(notes[0].replacedKinds, builtinKinds);

  // One kind replaced in its place, a new one added at the end.
  notes.clear();
  const RegionPatterns mine = RegionPatterns::load(true, {dial}, &notes);
  ASSERT_EQ(mine.recognizers().size(), builtinKinds.size() + 1);
  EXPECT_EQ(mine.recognizers()[3].kind, "client/http_dial");
  EXPECT_EQ(mine.recognizers()[3].origin, dial + ":2");
  EXPECT_EQ(mine.recognizers().back().kind, "my/other");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].replacedKinds, std::vector<std::string>{"client/http_dial"});

  // Without the built-ins nothing is replaced.
  notes.clear();
  EXPECT_EQ(RegionPatterns::load(false, {dial}, &notes).recognizers().size(), 2u);
  EXPECT_TRUE(notes.empty());

  // Two files defining one kind.
  try {
    RegionPatterns::load(true, {dial, dial2});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "region client/http_dial is defined by two pattern files: " + dial + ":2 and " +
                                         dial2 + ":1");
  }
  fs::remove_all(dir);
}

TEST(WaitClass, BlockReasons) {
  EXPECT_EQ(waitClassOfReason("network"), WaitClass::Net);
  EXPECT_EQ(waitClassOfReason("select"), WaitClass::Select);
  EXPECT_EQ(waitClassOfReason("chan receive"), WaitClass::Recv);
  EXPECT_EQ(waitClassOfReason("chan receive (nil chan)"), WaitClass::Recv);
  EXPECT_EQ(waitClassOfReason("chan send"), WaitClass::Send);
  EXPECT_EQ(waitClassOfReason("sync.(*Cond).Wait"), WaitClass::Cond);
  EXPECT_EQ(waitClassOfReason("sync"), WaitClass::Sync);
  EXPECT_EQ(waitClassOfReason("sleep"), WaitClass::Sleep);
  EXPECT_EQ(waitClassOfReason("GC mark assist wait for work"), WaitClass::Gc);
  EXPECT_EQ(waitClassOfReason("wait until GC ends"), WaitClass::Gc);
  EXPECT_EQ(waitClassOfReason(""), WaitClass::Block);
  EXPECT_EQ(waitClassOfReason("forever"), WaitClass::Block);
  EXPECT_EQ(waitClassOfReason("synctest"), WaitClass::Other);
  EXPECT_EQ(waitClassName(WaitClass::Recv), "recv");
}

}  // namespace
}  // namespace gotrace
