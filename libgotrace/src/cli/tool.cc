#include <signal.h>

#include <cstdio>
#include <iostream>

#include "gotrace/cli/tool.h"

#include <cctype>
#include <cstdlib>
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"

namespace gotrace::cli {

std::vector<std::string> goStyleArgs(int argc, const char* const* argv) {
  std::vector<std::string> out;
  bool flagsDone = false;
  for (int i = 0; i < argc; i++) {
    std::string a = argv[i];
    if (i == 0 || flagsDone) {
      out.push_back(std::move(a));
      continue;
    }
    if (a == "--") {
      flagsDone = true;
      out.push_back(std::move(a));
      continue;
    }
    if (a == "-h" || a == "-help" || a == "--help" || a == "--h") {
      out.push_back("--help");
      continue;
    }
    // -name or -name=value, where name starts with a letter: one dash more.
    if (a.size() > 2 && a[0] == '-' && a[1] != '-' && std::isalpha(static_cast<unsigned char>(a[1]))) {
      a.insert(0, "-");
    }
    out.push_back(std::move(a));
  }
  return out;
}

namespace {

// CLI11 lists flags as --name; show them as Go users write them (-name).
std::string goStyleHelp(const std::string& help) {
  std::string out;
  size_t pos = 0;
  while (pos < help.size()) {
    size_t end = help.find('\n', pos);
    if (end == std::string::npos) end = help.size();
    std::string line = help.substr(pos, end - pos);
    if (line.starts_with("  -")) {
      size_t flagsEnd = line.find("  ", 2);
      std::string flags = line.substr(0, flagsEnd);
      size_t removed = 0;
      for (size_t p = 0; (p = flags.find("--", p)) != std::string::npos; removed++) flags.erase(p, 1);
      line = flags + (flagsEnd == std::string::npos ? "" : std::string(removed, ' ') + line.substr(flagsEnd));
    }
    out += line + "\n";
    pos = end + 1;
  }
  return out;
}

}  // namespace

Tool::Tool(std::string name, std::string description, std::string examples)
    : name_(std::move(name)), app_(std::move(description), name_) {
  app_.footer("Flags may be written Go-style: -flag=value, -flag value or --flag=value.\n\nExamples:\n" + examples);
  app_.get_formatter()->column_width(30);
}

int Tool::usageError(const std::string& message) const {
  std::cerr << name_ << ": " << message << "\nRun '" << name_ << " -h' for usage.\n";
  return 2;
}

int Tool::run(int argc, char** argv, const std::function<int()>& body) {
  // A closed stdout shows up as EPIPE from write(), not as a signal.
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args = goStyleArgs(argc, argv);
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
  }
  if (!inputNoun_.empty()) {
    if (!input_.empty() && !positionalInput_.empty() && input_ != positionalInput_) {
      return usageError("give the " + inputNoun_ + " either as -input or as an argument, not both");
    }
    if (input_.empty()) input_ = positionalInput_;
    if (input_.empty() && stdinByDefault_) input_ = "-";
    if (input_.empty()) return usageError("no " + inputNoun_ + " given (-input=FILE, or - for stdin)");
  }
  try {
    return body();
  } catch (const PipeClosed&) {
    return 0;
  } catch (const Error& e) {
    std::fflush(stdout);
    std::cerr << name_ << ": " << e.describe() << "\n";
    return 1;
  }
}

CLI::Option* addRepeatedOption(CLI::App& app, const std::string& name, std::vector<std::string>& values,
                               const std::string& help) {
  return app.add_option(name, values, help)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

std::optional<int64_t> parseGoDuration(std::string_view text) {
  struct Unit {
    std::string_view name;
    double ns;
  };
  static constexpr Unit kUnits[] = {{"ns", 1},         {"us", 1e3},       {"\xc2\xb5s", 1e3}, {"\xce\xbcs", 1e3},
                                    {"ms", 1e6},        {"s", 1e9},        {"m", 60e9},         {"h", 3600e9}};
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return std::nullopt;
  double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) i++;
    if (i == 0 || (i == 1 && s[0] == '.')) return std::nullopt;
    const double value = std::strtod(std::string(s.substr(0, i)).c_str(), nullptr);
    s.remove_prefix(i);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      // The longest unit name that fits ("ms" before "m").
      if (s.starts_with(u.name) && (!unit || u.name.size() > unit->name.size())) unit = &u;
    }
    if (!unit) return std::nullopt;
    s.remove_prefix(unit->name.size());
    total += value * unit->ns;
  }
  if (total > 9.2e18) return std::nullopt;
  return int64_t(negative ? -total : total);
}

void Tool::addInput(const std::string& noun, bool stdinByDefault) {
  inputNoun_ = noun;
  stdinByDefault_ = stdinByDefault;
  app_.add_option("--input", input_, noun + " file ('-' for stdin; also accepted as the argument)");
  app_.add_option("file", positionalInput_, noun + " file");
}

}  // namespace gotrace::cli
