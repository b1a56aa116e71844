#include <fmt/format.h>

#include "gotrace/commands/scope.h"

#include "gotrace/analysis/regions/region_scope.h"
#include "gotrace/base/json_text.h"

namespace gotrace {
namespace {

// The CPU profiler's default rate is 100 Hz; the trace does not record it.
constexpr int64_t kSamplePeriodNs = 10'000'000;

}  // namespace

ScopeReport::ScopeReport(const RegionPatterns& patterns, std::string kind, Format format)
    : patterns_(patterns), kind_(std::move(kind)), format_(format) {
  pprof::Profile& p = profile_.profile();
  p.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
  p.periodType = {"cpu", "nanoseconds"};
  p.period = kSamplePeriodNs;
  p.defaultSampleType = "cpu";
}

ScopeReport::TraceCounts ScopeReport::addTrace(TraceReader& reader, const std::string& name, OutputBuffer& out) {
  TraceCounts counts;
  const GoroutineTimelines t = GoroutineTimelines::read(reader, &counts.damage);
  const RegionSet regions = RegionSet::find(t, patterns_);
  for (const Region& r : regions.regions()) counts.regions += regions.kind(r) == kind_;
  const TraceTables& tables = t.tables();
  std::string& buf = out.buffer();
  for (const PlacedSample& p : placeSamples(regions, kind_)) {
    counts.samples++;
    const Region& region = regions.regions()[p.region];
    const TimelineSample& s = t.sample(p.sample);
    const int64_t start = t.event(region.first).time - t.traceStart();
    const int64_t length = t.event(region.last).time - t.event(region.first).time;
    const auto frames = tables.stacks.frames(s.stack);  // leaf first
    if (format_ == Format::Text) {
      fmt::format_to(std::back_inserter(buf), "start {} length {} frac {:f} stack ", start, length, p.frac);
      for (auto f = frames.rbegin(); f != frames.rend(); ++f) {
        if (f != frames.rbegin()) buf += ';';
        buf += tables.strings.view(tables.stacks.frame(*f).func);
      }
      buf += '\n';
    } else if (format_ == Format::Json) {
      buf += "{\"trace\":";
      appendJsonString(buf, name);
      buf += ",\"kind\":";
      appendJsonString(buf, kind_);
      fmt::format_to(std::back_inserter(buf),
                     ",\"g\":{},\"region_start\":{},\"region_length\":{},\"offset\":{},\"frac\":{:f},\"stack\":[",
                     t.goroutineId(region.g), start, length, p.offset, p.frac);
      for (auto f = frames.rbegin(); f != frames.rend(); ++f) {
        if (f != frames.rbegin()) buf += ',';
        appendJsonString(buf, tables.strings.view(tables.stacks.frame(*f).func));
      }
      buf += "]}\n";
    }
    out.maybeFlush();

    std::vector<uint32_t> locations;
    for (FrameId f : frames) {
      const Frame& frame = tables.stacks.frame(f);
      locations.push_back(profile_.location(tables.strings.view(frame.func), tables.strings.view(frame.file),
                                            int64_t(frame.line), frame.pc));
    }
    profile_.addSample(std::move(locations), {1, kSamplePeriodNs},
                       {{"trace", name, 0, ""},
                        {"region", kind_, 0, ""},
                        {"region_start", "", start, "nanoseconds"},
                        {"region_length", "", length, "nanoseconds"},
                        {"sample_offset", "", p.offset, "nanoseconds"},
                        {"sample_percent", "", int64_t(100 * p.frac), "percent"}});
  }
  out.flush();
  return counts;
}

std::vector<uint8_t> ScopeReport::profile() { return pprof::encodeProfile(profile_.profile()); }

}  // namespace gotrace
