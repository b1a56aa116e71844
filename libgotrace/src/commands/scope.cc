#include "gotrace/commands/scope.h"

#include <fmt/format.h>

#include "gotrace/analysis/regions/region_scope.h"
#include "gotrace/analysis/regions/region_stream.h"
#include "gotrace/analysis/stack_locations.h"
#include "gotrace/commands/pattern_files.h"
#include "gotrace/commands/scope_lines.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/pprof/profile_writer.h"
#include "gotrace/render/time_base.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {
namespace {

// The CPU profiler's default rate is 100 Hz; the trace does not record it.
constexpr int64_t kSamplePeriodNs = 10'000'000;

}  // namespace

ScopeReport::ScopeReport(const RegionPatterns& patterns, std::string kind, Format format, int64_t samplePeriodNs)
    : patterns_(patterns), kind_(std::move(kind)), format_(format),
      periodNs_(samplePeriodNs > 0 ? samplePeriodNs : kSamplePeriodNs) {
  pprof::Profile& p = profile_.profile();
  p.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
  p.periodType = {"cpu", "nanoseconds"};
  p.period = periodNs_;
  p.defaultSampleType = "cpu";
}

ScopeReport::TraceCounts ScopeReport::addTrace(TraceReader& reader, const std::string& name, OutputBuffer& out) {
  TraceCounts counts;
  // The regions of the kind and the samples, found while reading (memory
  // bounded by the live goroutines and those regions).
  RegionStream::Options options;
  for (const RegionRecognizer& r : patterns_.recognizers()) options.keep.push_back(r.kind == kind_);
  options.keepSamples = true;
  RegionStream stream(patterns_, reader.tables(), std::move(options));
  counts.damage = readInto(reader, stream);
  const std::vector<StreamedRegion> regions = stream.kept();
  counts.regions = regions.size();
  counts.traceSamples = stream.samples().size();
  const TraceTables& tables = reader.tables();
  std::string& buf = out.buffer();
  bool saidTimeBase = false;  // text: the first line says the times' base
  for (const PlacedSample& p : placeSamples(regions, stream.samples())) {
    counts.samples++;
    const StreamedRegion& region = regions[p.region];
    const StreamedSample& s = stream.samples()[p.sample];
    const int64_t start = region.firstTime - stream.traceStart();
    const int64_t length = region.lastTime - region.firstTime;
    if (format_ != Format::None) {
      ScopeLine line{name, kind_, region.goroutine, start, length, p.offset, p.frac, {}, stream.traceStart()};
      const auto frames = tables.stacks.frames(s.stack);  // leaf first
      for (auto f = frames.rbegin(); f != frames.rend(); ++f) {
        line.stack.push_back(tables.strings.view(tables.stacks.frame(*f).func));
      }
      if (format_ == Format::Text && !saidTimeBase) {
        buf += timeBaseComment("ns", tables.traceStart);
        saidTimeBase = true;
      }
      if (format_ == Format::Text) appendScopeText(buf, line);
      if (format_ == Format::Json) appendScopeJson(buf, line);
    }
    out.maybeFlush();

    profile_.addSample(stackLocations(profile_, s.stack, tables), {1, periodNs_},
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

int runScope(const ScopeOptions& given, cli::Console& console) {
  ScopeOptions options = given;
  // No trace named: standard input, unless it is a terminal.
  if (options.inputs.empty() && !console.stdinIsTerminal()) options.inputs = {"-"};
  if (options.inputs.empty()) throw UsageError("no trace given (-input=FILE, arguments, or a pipe on stdin)");
  const RegionPatterns patterns = loadRegionPatterns(options.builtinPatterns, options.patternFiles, console);
  bool known = false;
  for (const auto& r : patterns.recognizers()) known = known || r.kind == options.region;
  if (!known) throw UsageError("no pattern defines region kind " + options.region + " (see regiongraph -show-patterns)");

  int64_t periodNs = 0;
  if (!options.templateProfile.empty()) {
    // scope_tls -profile: the CPU profile recorded with the traces, for its
    // sampling period (the trace does not record the rate).
    const pprof::Profile tmpl = withFile(options.templateProfile, [&] {
      Input in = Input::open(options.templateProfile);
      return pprof::parseProfile(in.readAll());
    });
    periodNs = tmpl.periodType.type == "cpu" && tmpl.periodType.unit == "nanoseconds" ? tmpl.period : 0;
  }
  const ScopeReport::Format format = options.json   ? ScopeReport::Format::Json
                                     : options.text ? ScopeReport::Format::Text
                                                    : ScopeReport::Format::None;
  ScopeReport report(patterns, options.region, format, periodNs);
  std::optional<Error> damage;  // the first damaged trace's error, raised at the end
  size_t placed = 0;
  for (const std::string& path : options.inputs) {
    auto reader = TraceReader::open(Input::open(path), options.read);
    const std::string& name = reader->inputName();
    ScopeReport::TraceCounts counts =
        withFile(name, [&] { return report.addTrace(*reader, name, console.out()); });
    console.warn(name, fmt::format("{} {} regions, {} CPU samples in them{}", counts.regions, options.region,
                                   counts.samples, counts.damage ? " before the damage" : ""));
    if (counts.traceSamples == 0 && !counts.damage) {
      console.warn(name,
                   "the trace has no CPU samples at all: they are recorded only while the CPU profiler runs "
                   "during tracing (Go 1.19+): start pprof.StartCPUProfile before trace.Start, or fetch "
                   "/debug/pprof/profile?seconds=N while /debug/pprof/trace?seconds=N is being recorded");
    }
    placed += counts.samples;
    if (counts.damage) {
      counts.damage->setFile(name);
      if (!damage) damage = counts.damage;
      if (options.inputs.size() > 1) console.warn(counts.damage->describe());
    }
  }
  // As the other writers: damaged input with nothing before the damage
  // leaves an existing file as it was.
  if (!options.profile.empty()) {
    if (damage && placed == 0) {
      console.warn(options.profile, "not written: no samples before the damage");
    } else {
      writeFileWhole(options.profile, report.profile());
    }
  }
  if (damage) throw *damage;
  return 0;
}

}  // namespace gotrace::commands
