// scope_chart: scope's samples drawn as an oscilloscope screen (SVG).
#pragma once

#include <string>

#include "gotrace/cli/console.h"

namespace gotrace::commands {

struct ScopeChartOptions {
  std::string input;   // scope's output, text or JSON lines ("-": stdin)
  std::string output;  // the SVG's file ("" or "-": stdout)
  std::string lanes = "leaf";  // leaf, function or stack (render/scope_chart_svg.h)
};

int runScopeChart(const ScopeChartOptions& options, cli::Console& console);

}  // namespace gotrace::commands
