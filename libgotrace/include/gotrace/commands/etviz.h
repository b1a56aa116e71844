// etviz: regiongraph's span trees (its -json or -summarize output) as an SVG
// of request bands over time (render/request_bands_svg.h).
#pragma once

#include <string>

#include "gotrace/cli/console.h"

namespace gotrace::commands {

struct EtvizOptions {
  std::string input;    // regiongraph's JSON ("-": stdin)
  std::string output;   // the SVG's file ("" or "-": stdout)
  bool details = false; // one band per span of each tree
  std::string kind;     // draw trees whose root kind matches this regexp
};

int runEtviz(const EtvizOptions& options, cli::Console& console);

}  // namespace gotrace::commands
