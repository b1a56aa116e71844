#include "gotrace/cli/manual.h"

#include <fmt/format.h>

#include <sstream>
#include <vector>

namespace gotrace::cli {

namespace {

// Text for roff: backslashes escaped, a line never starting with a control
// character, hyphens as in option names (\-, so that they can be searched
// for and copied).
std::string roff(const std::string& text) {
  std::string out;
  bool lineStart = true;
  for (char c : text) {
    if (lineStart && (c == '.' || c == '\'')) out += "\\&";
    lineStart = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

struct Flag {
  std::string name;   // "-input"
  std::string value;  // "FILE", "" for a boolean flag
  std::string help;
};

std::vector<Flag> flagsOf(const CLI::App& app) {
  std::vector<Flag> flags;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty() || opt->get_lnames().empty()) continue;  // hidden, positional
    Flag f;
    f.name = "-" + opt->get_lnames().front();
    if (f.name == "-help") continue;
    if (opt->get_items_expected_min() != 0) {
      f.value = opt->get_type_name();
      if (f.value.empty() || f.value == "TEXT") f.value = "VALUE";
      if (f.value == "INT" || f.value == "UINT") f.value = "N";
    }
    f.help = opt->get_description();
    flags.push_back(std::move(f));
  }
  return flags;
}

}  // namespace

std::string manPage(const CLI::App& app, const ToolText& tool) {
  std::string out;
  out += fmt::format(".TH {} 1 \"\" \"gotrace {}\" \"gotrace manual\"\n", roff(tool.name), roff(tool.version));
  out += ".SH NAME\n" + roff(tool.name) + " \\- " + roff(app.get_description().substr(0, app.get_description().find(". ")));
  out += "\n.SH SYNOPSIS\n.B " + roff(tool.name) + "\n[\\fIflags\\fR] [\\fIfile\\fR]\n";
  out += ".SH DESCRIPTION\n" + roff(tool.description) + "\n.PP\n";
  out += roff("Flags may be written Go-style: -flag=value, -flag value or --flag=value. A file named - is standard "
              "input. Errors about the input exit 1 naming the file (and byte offset); usage errors exit 2.") +
         "\n";
  out += ".SH OPTIONS\n";
  for (const Flag& f : flagsOf(app)) {
    out += ".TP\n.B " + roff(f.name);
    if (!f.value.empty()) out += "=\\fI" + roff(f.value) + "\\fR";
    out += "\n" + roff(f.help) + "\n";
  }
  out += ".TP\n.B \\-h\nshow the flags and examples\n";
  out += ".TP\n.B \\-version\nprint the version, the git commit and the formats read\n";
  if (!tool.notes.empty()) out += ".SH NOTES\n.nf\n" + roff(tool.notes) + ".fi\n";
  out += ".SH EXAMPLES\n.nf\n" + roff(tool.examples) + ".fi\n";
  out += ".SH SEE ALSO\n";
  static constexpr const char* kTools[] = {"apshuffle", "etgoroutines", "etgrep",      "etperfetto", "etpprof",
                                           "etviz",     "grstates",     "regiongraph", "scope",      "scope_chart",
                                           "scope_tls", "unstoppable"};
  std::string sep;
  for (const char* t : kTools) {
    if (tool.name == t) continue;
    out += sep + "\\fB" + roff(t) + "\\fR(1)";
    sep = ",\n";
  }
  out += "\n";
  return out;
}

std::string bashCompletion(const CLI::App& app, const ToolText& tool) {
  std::string words = "-h -version";
  for (const Flag& f : flagsOf(app)) words += " " + f.name + (f.value.empty() ? "" : "=");
  std::string fn = "_gotrace_" + tool.name;
  return fmt::format(
      "# bash completion for {0} (gotrace {1}); generated from its flags.\n"
      "{2}() {{\n"
      "  local cur=${{COMP_WORDS[COMP_CWORD]}}\n"
      "  if [[ $cur == -*=* ]]; then\n"
      "    compopt -o filenames 2>/dev/null\n"
      "    COMPREPLY=($(compgen -f -- \"${{cur#*=}}\"))\n"
      "  elif [[ $cur == -* ]]; then\n"
      "    compopt -o nospace 2>/dev/null\n"
      "    COMPREPLY=($(compgen -W \"{3}\" -- \"$cur\"))\n"
      "  else\n"
      "    compopt -o filenames 2>/dev/null\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  fi\n"
      "}}\n"
      "complete -F {2} {0}\n",
      tool.name, tool.version, fn, words);
}

}  // namespace gotrace::cli
