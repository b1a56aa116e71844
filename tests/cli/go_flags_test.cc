#include <gtest/gtest.h>

#include "gotrace/cli.h"

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

}  // namespace
}  // namespace gotrace::cli
