#include "gotrace/render/stw_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace gotrace {

std::string stwSummaryLine(const StwPause& p, int64_t traceStart) {
  // Each phase in whole microseconds, shown in ms with three significant digits.
  auto ms = [](int64_t ns) { return fmt::format("{:.3g}", double(ns / 1000) / 1000.0); };
  std::string line = fmt::format("STW @{:.3f}s {}: {}+{}+{} ms clock, {} samples", double(p.request - traceStart) / 1e9,
                                 p.reason, ms(p.idle - p.request), ms(p.resume - p.idle), ms(p.end - p.resume),
                                 p.samplesDuring);
  std::vector<std::pair<int64_t, int>> delayers;  // goroutine, samples, in order of first sample
  for (const StwSample& s : p.samples) {
    if (s.phase != StwPhase::PreStop || s.goroutine == p.initiator) continue;
    auto it = std::find_if(delayers.begin(), delayers.end(), [&](const auto& d) { return d.first == s.goroutine; });
    if (it == delayers.end()) {
      delayers.push_back({s.goroutine, 1});
    } else {
      it->second++;
    }
  }
  for (size_t i = 0; i < delayers.size(); i++) {
    line += i == 0 ? "; running while it waited to stop: " : ", ";
    line += delayers[i].first == kNoGoroutine ? std::string("no goroutine") : fmt::format("g={}", delayers[i].first);
    if (delayers[i].second > 1) line += fmt::format(" ({} samples)", delayers[i].second);
  }
  if (!p.settled) line += "; the world was not seen to stop";
  if (p.inProgressAtStart) line += "; in progress when the trace began";
  return line;
}

void appendStwStacks(std::string& out, const StwPause& p, const TraceTables& tables) {
  for (const StwSample& s : p.samples) {
    fmt::format_to(std::back_inserter(out), "{} +{}µs g={}\n", stwPhaseName(s.phase), s.offset / 1000, s.goroutine);
    if (s.stack == kNoStack) continue;
    for (FrameId f : tables.stacks.frames(s.stack)) {
      const Frame& frame = tables.stacks.frame(f);
      fmt::format_to(std::back_inserter(out), "  {} {}:{} 0x{:x}\n", tables.strings.view(frame.func),
                     tables.strings.view(frame.file), frame.line, frame.pc);
    }
  }
}

}  // namespace gotrace
