// A tool's manual page and shell completion, made from the same flag
// definitions, description and examples that its -h prints (one source: a
// flag added to a tool shows up in all three).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace gotrace::cli {

struct ToolText {
  std::string name;
  std::string description;
  std::string examples;  // lines of "  command   # comment"
  std::string version;   // "0.9.0"
  std::string notes;     // more help after the flags (-h prints them before the examples)
};

// man(7) roff for section 1.
std::string manPage(const CLI::App& app, const ToolText& tool);

// A bash completion script: the tool's flags after '-', files otherwise.
std::string bashCompletion(const CLI::App& app, const ToolText& tool);

}  // namespace gotrace::cli
