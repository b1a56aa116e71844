#include "gotrace/commands/etmmu.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "gotrace/analysis/mmu_curve.h"
#include "gotrace/analysis/mutator_utilization.h"
#include "gotrace/base/error.h"
#include "gotrace/base/go_duration.h"
#include "gotrace/render/mmu_chart_svg.h"
#include "gotrace/render/mmu_text.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {
namespace {

std::vector<std::string_view> splitCommas(std::string_view s) {
  std::vector<std::string_view> out;
  if (s.empty()) return out;
  while (true) {
    const size_t comma = s.find(',');
    out.push_back(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

MutatorUtilizationOptions parseCount(const std::string& count, bool perProc) {
  MutatorUtilizationOptions o{false, false, false, false, perProc};
  for (std::string_view what : splitCommas(count)) {
    if (what == "stw") {
      o.stw = true;
    } else if (what == "background") {
      o.background = true;
    } else if (what == "assist") {
      o.assist = true;
    } else if (what == "sweep") {
      o.sweep = true;
    } else {
      throw UsageError("-count wants a comma-separated list of stw, background, assist, sweep, not " +
                       std::string(what));
    }
  }
  return o;
}

std::vector<int64_t> parseWindows(const std::string& text) {
  std::vector<int64_t> out;
  for (std::string_view w : splitCommas(text)) {
    const std::optional<int64_t> ns = parseGoDuration(w);
    if (!ns || *ns <= 0) throw UsageError("-windows wants positive Go durations such as 100us,1ms, not " + std::string(w));
    out.push_back(*ns);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string countedText(const MutatorUtilizationOptions& o) {
  std::string s;
  for (auto [on, name] : {std::pair{o.stw, "stw"}, {o.background, "background"}, {o.assist, "assist"}, {o.sweep, "sweep"}}) {
    if (!on) continue;
    if (!s.empty()) s += ", ";
    s += name;
  }
  return s.empty() ? "nothing" : s;
}

}  // namespace

int runEtmmu(const EtmmuOptions& options, cli::Console& console) {
  const MutatorUtilizationOptions counted = parseCount(options.count, options.perProc);
  std::vector<int64_t> windows = parseWindows(options.windows);
  if (options.json && options.svg == "-") throw UsageError("-json and -svg=- both want standard output");

  auto reader = TraceReader::open(Input::open(options.input), options.read);
  const std::string name = reader->inputName();
  MutatorUtilization utilization(counted);
  // A damaged trace: the curve of what came before the damage, then the error.
  std::optional<Error> damage = readInto(*reader, utilization);
  const MmuCurve curve(utilization.functions());
  if (curve.empty()) {
    if (damage) throw *damage;
    throw Error("no GOMAXPROCS in the trace: its utilization cannot be measured").setFile(name);
  }
  // Go's definition can stop measuring long before the trace ends (a proc
  // where a GC worker started twice counts as taken for good): say so.
  const int64_t span = utilization.lastEventTime().value_or(0) - curve.startNs();
  if (curve.lengthNs() < span / 2) {
    console.warn(name, fmt::format("utilization measured over {} of the {} from the first GOMAXPROCS to the end: "
                                   "as in Go, every proc counts as taken by GC from then on (a mark worker that "
                                   "started again on it); -count=stw,assist,sweep measures the whole trace",
                                   formatGoDuration(curve.lengthNs()), formatGoDuration(span)));
  }
  if (windows.empty()) windows = logSpacedWindows(curve.lengthNs());
  const std::vector<MmuPoint> points = curve.at(windows);

  if (!options.svg.empty()) {
    const std::string title = fmt::format("Minimum mutator utilization of {} ({}; counting {})",
                                          std::filesystem::path(name).filename().string(),
                                          options.perProc ? "per proc" : "all procs", countedText(counted));
    console.writeWhole(options.svg, renderMmuChartSvg(points, title));
  }
  if (options.svg != "-") {
    console.out().buffer() += options.json ? mmuJsonLines(points) : mmuText(points);
    console.out().flush();
  }
  if (damage) throw *damage;
  return 0;
}

}  // namespace gotrace::commands
