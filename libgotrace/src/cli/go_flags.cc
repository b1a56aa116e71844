#include "gotrace/cli/go_flags.h"

#include <cctype>

#include "gotrace/base/error.h"
#include "gotrace/base/go_duration.h"

namespace gotrace::cli {

std::vector<std::string> goStyleArgs(int argc, const char* const* argv, const CLI::App* app) {
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
    // --name= is the empty value, as in Go; CLI11 would take the next
    // argument instead. Flags that take no value keep their "=".
    if (app && a.starts_with("--") && a.size() > 3 && a.back() == '=' && a.find('=') == a.size() - 1) {
      const CLI::Option* opt = app->get_option_no_throw(a.substr(0, a.size() - 1));
      if (opt && opt->get_items_expected_max() > 0) {
        a.pop_back();
        out.push_back(std::move(a));
        out.emplace_back();
        continue;
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

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

CLI::Option* addRepeatedOption(CLI::App& app, const std::string& name, std::vector<std::string>& values,
                               const std::string& help) {
  return app.add_option(name, values, help)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* addDurationOption(CLI::App& app, const std::string& name, int64_t& ns, const std::string& help,
                               const std::string& wanted) {
  const std::string flag = name.substr(name.find_first_not_of('-') - 1);  // "--grace" -> "-grace"
  return app.add_option_function<std::string>(
      name,
      [&ns, flag, wanted](const std::string& text) {
        const std::optional<int64_t> d = parseGoDuration(text);
        if (!d || *d < 0) throw UsageError(flag + " wants a duration " + wanted + ", not " + text);
        ns = *d;
      },
      help)
      ->type_name("DURATION");
}

namespace {

// CLI11 names flags with two dashes; users typed Go's one.
std::string oneDash(std::string text) {
  if (text.starts_with("--")) text.erase(0, 1);
  for (size_t pos = 0; (pos = text.find(" --", pos)) != std::string::npos;) text.erase(pos + 1, 1);
  return text;
}

}  // namespace

std::string goStyleParseError(const CLI::ParseError& e) {
  const std::string what = e.what();
  const size_t colon = what.find(": ");
  const std::string rest = colon == std::string::npos ? "" : what.substr(colon + 2);
  if (dynamic_cast<const CLI::ExtrasError*>(&e) && !rest.empty()) {
    // "The following argument(s) was/were not expected: A B"
    const std::string first = oneDash(rest.substr(0, rest.find(' ')));
    if (first.size() > 1 && first[0] == '-') return "flag provided but not defined: " + first.substr(0, first.find('='));
    return "unexpected argument: " + first;
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    // "Could not convert: --name = value"
    const size_t eq = rest.find(" = ");
    if (eq != std::string::npos) {
      return "invalid value \"" + rest.substr(eq + 3) + "\" for flag " + oneDash(rest.substr(0, eq)) + ": parse error";
    }
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && what.starts_with("--")) {
    // "--name: 1 required TYPE missing"
    return "flag needs an argument: " + oneDash(what.substr(0, what.find(':')));
  }
  return oneDash(what);
}

}  // namespace gotrace::cli
