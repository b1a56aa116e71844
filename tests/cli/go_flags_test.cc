#include <gtest/gtest.h>

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
  tool.addInput("trace");
  std::string seen;
  std::vector<char*> argv;
  for (const char* a : args) argv.push_back(const_cast<char*>(a));
  ::testing::internal::CaptureStderr();
  int code = tool.run(int(argv.size()), argv.data(), [&] {
    seen = tool.inputPath();
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
  EXPECT_EQ(runWithInput({"t"}), std::make_pair(2, std::string()));
}

TEST(ToolInput, RepeatedFlagsLeaveTheArgumentAlone) {
  Tool tool("t", "test tool", "");
  tool.addInput("trace");
  std::vector<std::string> patterns;
  addRepeatedOption(tool.app(), "--patterns", patterns, "");
  std::vector<const char*> args = {"t", "-patterns=a", "-patterns", "b", "x.trace"};
  std::vector<char*> argv;
  for (const char* a : args) argv.push_back(const_cast<char*>(a));
  std::string seen;
  EXPECT_EQ(tool.run(int(argv.size()), argv.data(), [&] {
    seen = tool.inputPath();
    return 0;
  }),
            0);
  EXPECT_EQ(seen, "x.trace");
  EXPECT_EQ(patterns, (std::vector<std::string>{"a", "b"}));
}

TEST(GoDuration, Parses) {
  EXPECT_EQ(parseGoDuration("0"), 0);
  EXPECT_EQ(parseGoDuration("500us"), 500'000);
  EXPECT_EQ(parseGoDuration("500\xc2\xb5s"), 500'000);
  EXPECT_EQ(parseGoDuration("1.5ms"), 1'500'000);
  EXPECT_EQ(parseGoDuration("2s"), 2'000'000'000);
  EXPECT_EQ(parseGoDuration("1m30s"), 90'000'000'000);
  EXPECT_EQ(parseGoDuration("-3ns"), -3);
  EXPECT_EQ(parseGoDuration("1h"), 3'600'000'000'000);
  EXPECT_EQ(parseGoDuration(""), std::nullopt);
  EXPECT_EQ(parseGoDuration("5"), std::nullopt);
  EXPECT_EQ(parseGoDuration("ms"), std::nullopt);
  EXPECT_EQ(parseGoDuration("1x"), std::nullopt);
}

}  // namespace
}  // namespace gotrace::cli
