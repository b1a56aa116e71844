#include "gotrace/cli/tool.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "gotrace/base/error.h"
#include "gotrace/base/go_duration.h"
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/manual.h"
#include "gotrace_version.h"
#include "gotrace/io/output.h"

namespace gotrace::cli {

Tool::Tool(std::string name, std::string description, std::string examples)
    : name_(std::move(name)), description_(description), examples_(std::move(examples)),
      app_(std::move(description), name_) {
  setFooter();
  app_.get_formatter()->column_width(30);
  app_.add_flag("--quiet", quiet_, "no progress line on standard error (shown on a terminal after a second)");
}

namespace {

// The delay before progress shows: a second, or GOTRACE_PROGRESS_DELAY_MS
// (for tests).
std::chrono::milliseconds progressDelay() {
  const char* ms = std::getenv("GOTRACE_PROGRESS_DELAY_MS");
  if (!ms || !*ms) return ProgressLine::kDefaultDelay;
  char* end = nullptr;
  const long n = std::strtol(ms, &end, 10);
  return *end == '\0' && n >= 0 ? std::chrono::milliseconds(n) : ProgressLine::kDefaultDelay;
}

}  // namespace

void Tool::addHelpNotes(const std::string& notes) {
  notes_ += notes;
  setFooter();
}

void Tool::setFooter() {
  app_.footer("Flags may be written Go-style: -flag=value, -flag value or --flag=value; -version prints the "
              "version.\n\n" +
              (notes_.empty() ? "" : notes_ + "\n") + "Examples:\n" + examples_);
}

int Tool::usageError(const std::string& message) const {
  std::cerr << name_ << ": " << message << "\nRun '" << name_ << " -h' for usage.\n";
  return 2;
}

void Tool::addInput(const std::string& noun, std::string& path, bool /*stdinByDefault*/, const bool* unlessFlag) {
  inputNoun_ = noun;
  input_ = &path;
  inputUnless_ = unlessFlag;
  app_.add_option("--input", path, noun + " file ('-' for stdin; also accepted as the argument)")->type_name("FILE");
  app_.add_option("file", positionalInput_, noun + " file");
}

void Tool::addReadOptions(ReadOptions& options, const std::string& windowHelp) {
  read_ = &options;
  app_.add_option("--threads", options.threads, "cores the reader may use (default 0: all; 1: read on one)");
  addDurationOption(app_, "--start", options.startNs, "start of the time window: " + windowHelp, "such as 1.5s");
  addDurationOption(app_, "--end", options.endNs, "end of the time window (default: the trace's end)",
                    "after -start, such as 2s");
}

int Tool::run(int argc, char** argv, const std::function<int(Console&)>& command) {
  // A closed stdout shows up as EPIPE from write(), not as a signal.
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args = goStyleArgs(argc, argv, &app_);
  if (args.size() == 2 && (args[1] == "--version" || args[1] == "--help-man" || args[1] == "--help-completion")) {
    const ToolText text{name_, description_, examples_, GOTRACE_VERSION, notes_};
    if (args[1] == "--help-man") {
      std::cout << manPage(app_, text);
    } else if (args[1] == "--help-completion") {
      std::cout << bashCompletion(app_, text);
    } else {
      std::cout << name_ << " (gotrace) " << GOTRACE_VERSION << ", commit " << GOTRACE_COMMIT << "\n"
                << "reads Go execution traces of Go 1.11 to 1.21 (format v1) and Go 1.22 to 1.26 (format v2), "
                   "pprof profiles (gzipped or not) and Autoprof profile bundles (zip or extracted)\n";
    }
    return 0;
  }
  std::vector<const char*> ptrs;
  for (const std::string& a : args) ptrs.push_back(a.c_str());
  try {
    app_.parse(int(ptrs.size()), ptrs.data());
  } catch (const CLI::CallForHelp&) {
    std::cout << goStyleHelp(app_.help());
    return 0;
  } catch (const CLI::ParseError& e) {
    return usageError(goStyleParseError(e));
  } catch (const UsageError& e) {
    return usageError(e.what());
  }
  if (read_ && read_->endNs < read_->startNs) {
    return usageError("-end wants a duration after -start, such as 2s, not " + formatGoDuration(read_->endNs));
  }
  if (input_ && !(inputUnless_ && *inputUnless_)) {
    if (!input_->empty() && !positionalInput_.empty() && *input_ != positionalInput_) {
      return usageError("give the " + inputNoun_ + " either as -input or as an argument, not both");
    }
    if (input_->empty()) *input_ = positionalInput_;
    // No input named: standard input, unless it is a terminal (nobody types
    // a trace): then the usage.
    if (input_->empty() && !isatty(STDIN_FILENO)) *input_ = "-";
    if (input_->empty()) {
      std::cerr << goStyleHelp(app_.help()) << "\n"
                << name_ << ": no " << inputNoun_ << " given (-input=FILE, an argument, or a pipe on stdin)\n";
      return 2;
    }
  }
  Console console(name_, STDOUT_FILENO, nullptr, progressDelay());
  if (quiet_) console.setQuiet();
  if (read_) read_->progress = [&console](uint64_t done, uint64_t total) { console.readProgress(done, total); };
  try {
    const int code = command(console);
    console.progressDone();
    console.out().flush();
    return code;
  } catch (const PipeClosed&) {
    console.progressDone();
    return 0;
  } catch (const UsageError& e) {
    console.progressDone();
    return usageError(e.what());
  } catch (const Error& e) {
    console.progressDone();
    try {
      console.out().flush();  // what came before the damage
    } catch (const PipeClosed&) {
      return 0;
    } catch (const Error&) {
    }
    std::cerr << name_ << ": " << e.describe() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    console.progressDone();
    // Limits keep inputs from getting here; if one still does, a message
    // and exit 1 rather than an abort.
    std::cerr << name_ << ": " << (input_ && !input_->empty() ? *input_ + ": " : "") << "out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    console.progressDone();
    std::cerr << name_ << ": " << (input_ && !input_->empty() ? *input_ + ": " : "") << "internal error: " << e.what()
              << "\n";
    return 1;
  }
}

}  // namespace gotrace::cli
