// A tool's main(): its flags (Go-style, go_flags.h), -h with examples, its
// input file, and running its command with a Console. Errors are reported
// here, once: `tool: FILE: offset N: what` and exit 1 for bad data, `tool:
// what` plus a pointer to -h and exit 2 for bad usage, a quiet exit 0 when
// stdout's reader goes away.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "gotrace/cli/console.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::cli {

class Tool {
 public:
  // `examples` is shown at the end of -h.
  Tool(std::string name, std::string description, std::string examples);

  CLI::App& app() { return app_; }
  // More text for -h, shown after the flags and before the examples.
  void addHelpNotes(const std::string& notes);
  const std::string& name() const { return name_; }

  // Declares the one input file (`noun`: "trace"), given as -input=FILE or
  // as the argument ('-' for stdin), stored in `path`. Without one, run()
  // reads standard input when it is not a terminal, and prints the usage
  // (exit 2) when it is, unless `unlessFlag` is set. (`stdinByDefault` is
  // what every tool does now.)
  void addInput(const std::string& noun, std::string& path, bool stdinByDefault = false,
                const bool* unlessFlag = nullptr);

  // Declares how the trace is read: -threads=N, and the window -start=D and
  // -end=D (Go durations from the trace's first event; -end before -start
  // is a usage error). `windowHelp` says what the window does to the output.
  void addReadOptions(ReadOptions& options,
                      const std::string& windowHelp = "only events in this window (Go durations from the trace's first event)");

  // Parses the arguments and runs `command`, returning the process exit
  // code: the command's, or 1 (Error), 2 (usage), 0 (stdout closed).
  // Besides the tool's flags: -quiet (no progress line), -version, and for
  // the build, -help-man (the manual page) and -help-completion (a bash
  // completion script). A trace read with the options of addReadOptions
  // shows its progress on the Console (console.h). The environment variable
  // GOTRACE_PROGRESS_DELAY_MS changes the second a tool runs before showing
  // progress (tests set it to 0).
  int run(int argc, char** argv, const std::function<int(Console&)>& command);

 private:
  int usageError(const std::string& message) const;

  void setFooter();

  std::string name_;
  std::string description_;
  std::string examples_;
  std::string notes_;
  CLI::App app_;
  std::string inputNoun_;  // empty: the tool takes no -input
  std::string* input_ = nullptr;
  const bool* inputUnless_ = nullptr;
  std::string positionalInput_;
  ReadOptions* read_ = nullptr;
  bool quiet_ = false;
};

}  // namespace gotrace::cli
