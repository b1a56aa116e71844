#include "gotrace/commands/scope_chart.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/commands/scope_lines.h"
#include "gotrace/io/input.h"
#include "gotrace/render/scope_chart_svg.h"

namespace gotrace::commands {

int runScopeChart(const ScopeChartOptions& options, cli::Console& console) {
  const std::optional<ScopeLanes> lanes = parseScopeLanes(options.lanes);
  if (!lanes) throw UsageError("-lanes wants leaf, function or stack, not " + options.lanes);
  Input input = Input::open(options.input);
  const auto bytes = input.readAll();
  size_t skipped = 0;
  const std::string svg = withFile(input.name(), [&] {
    return renderScopeChartSvg(
        readScopeSamples(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), skipped),
        *lanes);
  });
  if (skipped > 0) console.warn(input.name(), fmt::format("skipped {} lines that are not scope samples", skipped));
  console.writeWhole(options.output, svg);
  return 0;
}

}  // namespace gotrace::commands
