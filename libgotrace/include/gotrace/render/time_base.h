// Which time base a text output's times use. Every tool's times are one of
// two: absolute trace time (what the runtime's clock said, in ns; etgrep
// prints it, as Go does) or time since the trace's first event (ns, or
// seconds where a tool says so). Text outputs with times begin with one
// comment line saying which, and where the first event is in absolute time;
// JSON outputs carry both (`*_ns` since the first event, `*_ts` absolute).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gotrace {

// "# times: ns since the trace's first event, which is at 4675572408320 in
// absolute trace time (ns, as etgrep shows times)\n", `unit` being "ns",
// "@seconds" and so on; without the "which" part when the trace has no
// events.
std::string timeBaseComment(std::string_view unit, std::optional<int64_t> traceStart);

}  // namespace gotrace
