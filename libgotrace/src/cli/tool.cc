#include "gotrace/cli/tool.h"

#include <signal.h>

#include <iostream>

#include "gotrace/base/error.h"
#include "gotrace/cli/go_flags.h"
#include "gotrace/io/output.h"

namespace gotrace::cli {

Tool::Tool(std::string name, std::string description, std::string examples)
    : name_(std::move(name)), examples_(std::move(examples)), app_(std::move(description), name_) {
  setFooter();
  app_.get_formatter()->column_width(30);
}

void Tool::addHelpNotes(const std::string& notes) {
  notes_ += notes;
  setFooter();
}

void Tool::setFooter() {
  app_.footer("Flags may be written Go-style: -flag=value, -flag value or --flag=value.\n\n" +
              (notes_.empty() ? "" : notes_ + "\n") + "Examples:\n" + examples_);
}

int Tool::usageError(const std::string& message) const {
  std::cerr << name_ << ": " << message << "\nRun '" << name_ << " -h' for usage.\n";
  return 2;
}

void Tool::addInput(const std::string& noun, std::string& path, bool stdinByDefault, const bool* unlessFlag) {
  inputNoun_ = noun;
  input_ = &path;
  stdinByDefault_ = stdinByDefault;
  inputUnless_ = unlessFlag;
  app_.add_option("--input", path, noun + " file ('-' for stdin; also accepted as the argument)");
  app_.add_option("file", positionalInput_, noun + " file");
}

int Tool::run(int argc, char** argv, const std::function<int(Console&)>& command) {
  // A closed stdout shows up as EPIPE from write(), not as a signal.
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args = goStyleArgs(argc, argv, &app_);
  std::vector<const char*> ptrs;
  for (const std::string& a : args) ptrs.push_back(a.c_str());
  try {
    app_.parse(int(ptrs.size()), ptrs.data());
  } catch (const CLI::CallForHelp&) {
    std::cout << goStyleHelp(app_.help());
    return 0;
  } catch (const CLI::ParseError& e) {
    // CLI11 names flags with two dashes; users typed Go's one.
    std::string message = e.what();
    for (size_t pos = 0; (pos = message.find(" --", pos)) != std::string::npos;) message.erase(pos + 1, 1);
    return usageError(message);
  } catch (const UsageError& e) {
    return usageError(e.what());
  }
  if (input_ && !(inputUnless_ && *inputUnless_)) {
    if (!input_->empty() && !positionalInput_.empty() && *input_ != positionalInput_) {
      return usageError("give the " + inputNoun_ + " either as -input or as an argument, not both");
    }
    if (input_->empty()) *input_ = positionalInput_;
    if (input_->empty() && stdinByDefault_) *input_ = "-";
    if (input_->empty()) return usageError("no " + inputNoun_ + " given (-input=FILE, or - for stdin)");
  }
  Console console(name_);
  try {
    const int code = command(console);
    console.out().flush();
    return code;
  } catch (const PipeClosed&) {
    return 0;
  } catch (const UsageError& e) {
    return usageError(e.what());
  } catch (const Error& e) {
    try {
      console.out().flush();  // what came before the damage
    } catch (const PipeClosed&) {
      return 0;
    } catch (const Error&) {
    }
    std::cerr << name_ << ": " << e.describe() << "\n";
    return 1;
  }
}

}  // namespace gotrace::cli
