// Command-line plumbing shared by the tools: Go-style flags on top of CLI11,
// error reporting (`tool: FILE: offset N: what`), exit codes (1 bad data,
// 2 bad usage) and a quiet exit when stdout's reader goes away.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gotrace::cli {

// Rewrites Go-style flags for CLI11: `-name=value` and `-name value` become
// `--name...`; `-h` and `-help` ask for help. A lone `-` (stdin) and
// everything after `--` are left alone.
std::vector<std::string> goStyleArgs(int argc, const char* const* argv);

// A flag that may be given several times (-focus=a -focus=b), one value each
// time; arguments after it stay positional.
CLI::Option* addRepeatedOption(CLI::App& app, const std::string& name, std::vector<std::string>& values,
                               const std::string& help);

// A Go duration ("1.5ms", "500us", "2µs", "1h30m", "0") in nanoseconds; empty
// when the text is not one.
std::optional<int64_t> parseGoDuration(std::string_view text);

class Tool {
 public:
  // `examples` is shown at the end of -h.
  Tool(std::string name, std::string description, std::string examples);

  CLI::App& app() { return app_; }
  const std::string& name() const { return name_; }

  // Parses the arguments and runs `body`, returning the process exit code.
  int run(int argc, char** argv, const std::function<int()>& body);

  // Reports a usage problem found after parsing; returns exit code 2.
  int usageError(const std::string& message) const;

  // Declares the one input file (`noun`: "trace"), given as -input=FILE or
  // as the argument ('-' for stdin). run() then insists on it (or, with
  // `stdinByDefault`, reads stdin without it), and inputPath() returns it.
  void addInput(const std::string& noun, bool stdinByDefault = false);
  const std::string& inputPath() const { return input_; }

 private:
  std::string name_;
  CLI::App app_;
  std::string inputNoun_;  // empty: the tool takes no -input
  bool stdinByDefault_ = false;
  std::string input_;
  std::string positionalInput_;
};

}  // namespace gotrace::cli
