#include "gotrace/render/time_base.h"

#include <fmt/format.h>

namespace gotrace {

std::string timeBaseComment(std::string_view unit, std::optional<int64_t> traceStart) {
  if (!traceStart) return fmt::format("# times: {} since the trace's first event\n", unit);
  return fmt::format(
      "# times: {} since the trace's first event, which is at {} in absolute trace time (ns, as etgrep shows times)\n",
      unit, *traceStart);
}

}  // namespace gotrace
