#include "gotrace/commands/etpprof.h"

#include "gotrace/analysis/goroutines/blocking_profile.h"
#include "gotrace/analysis/goroutines/goroutine_analysis.h"
#include "gotrace/analysis/regions/cpu_sample_profile.h"
#include "gotrace/analysis/regions/region_choice.h"
#include "gotrace/analysis/regions/region_stream.h"
#include "gotrace/analysis/regions/user_regions.h"
#include "gotrace/base/error.h"
#include "gotrace/commands/pattern_files.h"
#include "gotrace/pprof/profile_writer.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {
namespace {

// The trace's CPU samples, each labelled with its goroutine's start function
// and innermost regions; only those inside the chosen regions, if any.
pprof::Profile cpuProfile(TraceReader& reader, const RegionPatterns& patterns, const RegionChoice& choice,
                          int64_t periodNs, std::vector<StreamedRegion>& chosen) {
  const TraceTables& tables = reader.tables();
  RegionStream::Options streamOptions;
  streamOptions.keep.assign(patterns.recognizers().size(), true);
  streamOptions.keepSamples = true;
  RegionStream inferred(patterns, tables, std::move(streamOptions));
  UserRegionTracker user;
  std::unordered_map<int64_t, StringId> startFunctions;
  GoroutineAnalysis goroutines([](int64_t) { return false; });
  GoroutineListener listener;
  listener.named = [&](int64_t id, StringId f) { startFunctions[id] = f; };
  goroutines.setListener(std::move(listener));
  // No profile from part of a trace: its samples and labels would mislead.
  if (auto damage = readInto(reader, inferred, user, goroutines)) throw *damage;

  const RegionSpans userSpans = userRegionSpans(user, tables.strings);
  const RegionSpans inferredSpans = inferredRegionSpans(inferred.kept(), patterns);
  CpuSampleProfileInput input;
  input.samples = &inferred.samples();
  input.userRegions = &userSpans;
  input.inferredRegions = &inferredSpans;
  input.startFunctions = &startFunctions;
  if (!choice.empty()) {
    chosen = chosenSpans(choice, user, inferredSpans, tables.strings);
    input.within = &chosen;
  }
  if (periodNs > 0) input.periodNs = periodNs;
  return cpuSampleProfile(input, tables);
}

// A blocking profile; with a choice, only the time inside the chosen regions.
pprof::Profile blockingProfileOf(TraceReader& reader, BlockingKind kind, const RegionPatterns& patterns,
                                 const RegionChoice& choice, std::vector<StreamedRegion>& chosen) {
  const TraceTables& tables = reader.tables();
  if (choice.empty()) {
    BlockingProfiler profiler(kind);
    if (auto damage = readInto(reader, profiler)) throw *damage;
    return blockingProfile(profiler.records(), tables);
  }
  BlockingProfiler profiler(kind, /*keepStretches=*/true);
  RegionStream::Options streamOptions;
  for (const RegionRecognizer& r : patterns.recognizers()) streamOptions.keep.push_back(r.kind == choice.kind);
  RegionStream inferred(patterns, tables, std::move(streamOptions));
  UserRegionTracker user;
  if (auto damage = readInto(reader, profiler, inferred, user)) throw *damage;
  chosen = chosenSpans(choice, user, inferredRegionSpans(inferred.kept(), patterns), tables.strings);
  const GoroutineIntervals within = outermostIntervals(chosen);
  profiler.countWithin([&](int64_t g, int64_t begin, int64_t end) { return overlap(within, g, begin, end); });
  return blockingProfile(profiler.records(), tables);
}

}  // namespace

int runEtpprof(const EtpprofOptions& options, cli::Console& console) {
  const bool cpu = options.kind == "cpu";
  const std::optional<BlockingKind> kind = parseBlockingKind(options.kind);
  if (!cpu && !kind) throw UsageError("-kind wants net, sync, syscall, sched or cpu, not " + options.kind);
  if (options.periodNs < 0) throw UsageError("-period must not be negative");
  const RegionChoice choice{options.region, options.task};
  RegionPatterns patterns;
  if (cpu || !choice.kind.empty()) patterns = loadRegionPatterns(options.builtinPatterns, options.patternFiles, console);
  console.requireBinaryDestination(options.output, "the profile");

  auto reader = TraceReader::open(Input::open(options.input), options.read);
  std::vector<StreamedRegion> chosen;
  const pprof::Profile profile = cpu ? cpuProfile(*reader, patterns, choice, options.periodNs, chosen)
                                     : blockingProfileOf(*reader, *kind, patterns, choice, chosen);
  if (!choice.empty() && chosen.empty()) {
    std::string what = !choice.kind.empty() ? "region of kind " + choice.kind : "";
    if (!choice.taskType.empty()) what += (what.empty() ? "" : " and ") + std::string("region of a task of type ") + choice.taskType;
    console.warn(reader->inputName(), "no " + what + " in the trace: the profile is empty");
  }
  console.writeWhole(options.output, pprof::encodeProfile(profile));
  return 0;
}

}  // namespace gotrace::commands
