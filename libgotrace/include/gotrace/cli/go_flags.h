// Go-style flags on top of CLI11: the original tools were Go programs, and
// their users type -name=value, -name value and --name=value alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace gotrace::cli {

// Rewrites Go-style flags for CLI11: `-name=value` and `-name value` become
// `--name...`; `-h` and `-help` ask for help. A lone `-` (stdin) and
// everything after `--` are left alone. With `app`, `-name=` of an option
// that takes a value is the empty value (`--name` and an empty argument),
// as Go's flag package reads it, instead of taking the next argument.
std::vector<std::string> goStyleArgs(int argc, const char* const* argv, const CLI::App* app = nullptr);

// A parse error as Go's flag package words it: "flag provided but not
// defined: -x", "invalid value "v" for flag -x: parse error", "flag needs an
// argument: -x"; other messages with flags written -name.
std::string goStyleParseError(const CLI::ParseError& error);

// CLI11's help lists flags as --name; shows them as Go users write them (-name).
std::string goStyleHelp(const std::string& help);

// A flag that may be given several times (-focus=a -focus=b), one value each
// time; arguments after it stay positional.
CLI::Option* addRepeatedOption(CLI::App& app, const std::string& name, std::vector<std::string>& values,
                               const std::string& help);

// A flag holding a Go duration (base/go_duration.h), stored in nanoseconds.
// A value that is not a duration, or is negative, is a usage error:
// "-NAME wants a duration WANTED, not VALUE" (`wanted`: "such as 500us or 1ms").
CLI::Option* addDurationOption(CLI::App& app, const std::string& name, int64_t& ns, const std::string& help,
                               const std::string& wanted);

}  // namespace gotrace::cli
