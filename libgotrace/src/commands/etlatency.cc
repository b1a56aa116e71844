#include "gotrace/commands/etlatency.h"

#include <optional>
#include <string_view>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/latency.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/base/error.h"
#include "gotrace/commands/pattern_files.h"
#include "gotrace/render/latency_svg.h"
#include "gotrace/render/latency_text.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {
namespace {

LatencyOptions latencyOptions(const EtlatencyOptions& options) {
  LatencyOptions out;
  out.slowest = options.slowest;
  if (options.kinds.empty()) return out;
  out.kinds.fill(false);
  std::string_view rest = options.kinds;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const std::optional<LatencyKind> kind = latencyKindFromName(name);
    if (!kind) {
      throw UsageError("-kind takes a comma-separated list of task, region, inferred, stw, gc and sched; not '" +
                       std::string(name) + "'");
    }
    out.kinds[size_t(*kind)] = true;
  }
  return out;
}

}  // namespace

int runEtlatency(const EtlatencyOptions& options, cli::Console& console) {
  const LatencyOptions latency = latencyOptions(options);
  std::optional<RegionPatterns> patterns;
  if (latency.wants(LatencyKind::Inferred)) {
    patterns = loadRegionPatterns(options.builtinPatterns, options.patternFiles, console);
  }

  auto reader = TraceReader::open(Input::open(options.input), options.read);
  LatencyCollector collector(latency);
  std::optional<Error> damage;
  if (patterns) {
    // Inferred regions are found on the whole trace's goroutine timelines
    // (a server region's handler is in its goroutine's later stacks).
    GoroutineTimelineBuilder timelines(reader->tables());
    damage = readInto(*reader, collector, timelines);
    const GoroutineTimelines built = timelines.take();
    addInferredRegions(collector, RegionSet::find(built, *patterns));
  } else {
    damage = readInto(*reader, collector);
  }
  const int64_t traceStart = reader->tables().traceStart.value_or(collector.traceStart());
  const std::vector<LatencyDistribution> distributions = collector.take();

  if (!options.svg.empty()) {
    console.writeWhole(options.svg, latencySvg(distributions));
  } else if (options.json) {
    OutputBuffer& out = console.out();
    for (const LatencyDistribution& d : distributions) {
      appendLatencyJson(out.buffer(), d, traceStart);
      out.maybeFlush();
    }
  } else {
    appendLatencyText(console.out().buffer(), distributions, traceStart);
  }
  if (damage) throw *damage;  // what came before the damage is written first
  return 0;
}

}  // namespace gotrace::commands
