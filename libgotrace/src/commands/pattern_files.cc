#include "gotrace/commands/pattern_files.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gotrace::commands {

RegionPatterns loadRegionPatterns(bool builtin, const std::vector<std::string>& files, cli::Console& console) {
  std::vector<PatternFileNote> notes;
  RegionPatterns patterns = RegionPatterns::load(builtin, files, &notes);
  for (const PatternFileNote& note : notes) {
    console.warn(note.file, fmt::format("replaces the built-in region{} {}", note.replacedKinds.size() == 1 ? "" : "s",
                                        fmt::join(note.replacedKinds, " ")));
  }
  return patterns;
}

}  // namespace gotrace::commands
