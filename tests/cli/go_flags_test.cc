#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"

namespace gotrace::cli {
namespace {

std::vector<std::string> shim(std::vector<const char*> argv) { return goStyleArgs(int(argv.size()), argv.data()); }

TEST(GoStyleArgs, SingleDashLongFlags) {
  EXPECT_EQ(shim({"etgrep", "-input=f", "-stacks", "-goroutine", "5", "--sort=time", "-", "file"}),
            (std::vector<std::string>{"etgrep", "--input=f", "--stacks", "--goroutine", "5", "--sort=time", "-", "file"}));
  EXPECT_EQ(shim({"etgrep", "-h"}), (std::vector<std::string>{"etgrep", "--help"}));
  EXPECT_EQ(shim({"etgrep", "-help"}), (std::vector<std::string>{"etgrep", "--help"}));
  EXPECT_EQ(shim({"etgrep", "--", "-input=x"}), (std::vector<std::string>{"etgrep", "--", "-input=x"}));
  EXPECT_EQ(shim({"etgrep", "-match=StateTransition \"**\""}),
            (std::vector<std::string>{"etgrep", "--match=StateTransition \"**\""}));
}

// Runs a tool that takes one input with `args`; returns the exit code and
// the path its body saw ("" when the body did not run).
std::pair<int, std::string> runWithInput(std::vector<const char*> args) {
  Tool tool("t", "test tool", "");
  std::string input;
  tool.addInput("trace", input);
  std::string seen;
  std::vector<char*> argv;
  for (const char* a : args) argv.push_back(const_cast<char*>(a));
  ::testing::internal::CaptureStderr();
  int code = tool.run(int(argv.size()), argv.data(), [&](Console&) {
    seen = input;
    return 0;
  });
  ::testing::internal::GetCapturedStderr();
  return {code, seen};
}

TEST(ToolInput, FlagOrArgumentButOne) {
  EXPECT_EQ(runWithInput({"t", "-input=a.trace"}), std::make_pair(0, std::string("a.trace")));
  EXPECT_EQ(runWithInput({"t", "a.trace"}), std::make_pair(0, std::string("a.trace")));
  EXPECT_EQ(runWithInput({"t", "-input", "-"}), std::make_pair(0, std::string("-")));
  EXPECT_EQ(runWithInput({"t", "-input=a.trace", "a.trace"}), std::make_pair(0, std::string("a.trace")));
  EXPECT_EQ(runWithInput({"t", "-input=a.trace", "b.trace"}), std::make_pair(2, std::string()));
}

// Runs `body` with standard input replaced by `fd`.
template <typename Body>
void withStdin(int fd, Body&& body) {
  const int saved = dup(STDIN_FILENO);
  dup2(fd, STDIN_FILENO);
  body();
  dup2(saved, STDIN_FILENO);
  close(saved);
}

// No input named: standard input when it is not a terminal, else the usage.
TEST(ToolInput, NoInputReadsStdinUnlessATerminal) {
  const int devNull = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(devNull, 0);
  withStdin(devNull, [] { EXPECT_EQ(runWithInput({"t"}), std::make_pair(0, std::string("-"))); });
  close(devNull);

  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const int terminal = ::open(ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(terminal, 0);
  withStdin(terminal, [] {
    Tool tool("t", "test tool", "");
    std::string input;
    tool.addInput("trace", input);
    std::vector<const char*> args = {"t"};
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(tool.run(int(args.size()), const_cast<char**>(args.data()), [](Console&) { return 0; }), 2);
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("Usage: t [OPTIONS]"), std::string::npos) << err;
    EXPECT_NE(err.find("t: no trace given"), std::string::npos) << err;
  });
  close(terminal);
  close(master);
}

TEST(ToolInput, RepeatedFlagsLeaveTheArgumentAlone) {
  Tool tool("t", "test tool", "");
  std::string input;
  tool.addInput("trace", input);
  std::vector<std::string> patterns;
  addRepeatedOption(tool.app(), "--patterns", patterns, "");
  std::vector<const char*> args = {"t", "-patterns=a", "-patterns", "b", "x.trace"};
  std::vector<char*> argv;
  for (const char* a : args) argv.push_back(const_cast<char*>(a));
  std::string seen;
  EXPECT_EQ(tool.run(int(argv.size()), argv.data(), [&](Console&) {
    seen = input;
    return 0;
  }),
            0);
  EXPECT_EQ(seen, "x.trace");
  EXPECT_EQ(patterns, (std::vector<std::string>{"a", "b"}));
}

// Issue 18, defect 6: Go's flag package reads `-function=` as the empty
// string; it must not take the next argument as its value.
TEST(ToolInput, EmptyFlagValueIsTheEmptyString) {
  Tool tool("t", "test tool", "");
  std::string input, function = "unset", output;
  bool json = false;
  tool.addInput("trace", input);
  tool.app().add_option("--function", function, "");
  tool.app().add_option("--output", output, "");
  tool.app().add_flag("--json", json, "");
  std::vector<const char*> args = {"t", "-function=", "-json", "x.trace", "--output="};
  std::string seen;
  EXPECT_EQ(tool.run(int(args.size()), const_cast<char**>(args.data()), [&](Console&) {
    seen = input;
    return 0;
  }),
            0);
  EXPECT_EQ(function, "");
  EXPECT_TRUE(json);
  EXPECT_EQ(seen, "x.trace");
  EXPECT_EQ(output, "");
  // The shim itself, given the app: only options taking a value are split.
  std::vector<const char*> argv = {"t", "-function=", "-json=", "--input=", "-"};
  EXPECT_EQ(goStyleArgs(int(argv.size()), argv.data(), &tool.app()),
            (std::vector<std::string>{"t", "--function", "", "--json=", "--input", "", "-"}));
}

// Flag errors in Go's words, with flags written as typed (-name).
TEST(ToolInput, FlagErrorsInGoStyle) {
  auto errorOf = [](std::vector<const char*> args) {
    Tool tool("t", "test tool", "");
    std::string input;
    int64_t n = 0;
    bool b = false;
    std::string kind;
    tool.addInput("trace", input);
    tool.app().add_option("--goroutine", n, "");
    tool.app().add_flag("--stacks", b, "");
    tool.app().add_option("--kind", kind, "")->required();
    ::testing::internal::CaptureStderr();
    const int code = tool.run(int(args.size()), const_cast<char**>(args.data()), [](Console&) { return 0; });
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(code, 2);
    return err.substr(0, err.find('\n'));
  };
  EXPECT_EQ(errorOf({"t", "-kind=k", "-bogus", "x"}), "t: flag provided but not defined: -bogus");
  EXPECT_EQ(errorOf({"t", "-kind=k", "-bogus=1", "x"}), "t: flag provided but not defined: -bogus");
  EXPECT_EQ(errorOf({"t", "-kind=k", "-goroutine=abc", "x"}),
            "t: invalid value \"abc\" for flag -goroutine: parse error");
  EXPECT_EQ(errorOf({"t", "-kind=k", "x", "-goroutine"}), "t: flag needs an argument: -goroutine");
  EXPECT_EQ(errorOf({"t", "x"}), "t: -kind is required");
  EXPECT_EQ(errorOf({"t", "-kind=k", "x", "y"}), "t: unexpected argument: y");
}

TEST(DurationFlag, GoDurationsInNanoseconds) {
  Tool tool("t", "test tool", "");
  int64_t grace = -1;
  addDurationOption(tool.app(), "--grace", grace, "", "such as 1ms");
  std::vector<const char*> args = {"t", "-grace=1.5ms"};
  EXPECT_EQ(tool.run(int(args.size()), const_cast<char**>(args.data()), [](Console&) { return 0; }), 0);
  EXPECT_EQ(grace, 1'500'000);
  args = {"t", "-grace=5"};
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(tool.run(int(args.size()), const_cast<char**>(args.data()), [](Console&) { return 0; }), 2);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "t: -grace wants a duration such as 1ms, not 5\nRun 't -h' for usage.\n");
}

}  // namespace
}  // namespace gotrace::cli
