#include "gotrace/analysis/regions/cpu_sample_profile.h"

#include <limits>
#include <string>

#include "gotrace/analysis/regions/region_scope.h"
#include "gotrace/analysis/stack_locations.h"
#include "gotrace/pprof/profile_builder.h"

namespace gotrace {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Per sample, the innermost (latest begun) of the spans it is in, kNone if none.
std::vector<uint32_t> innermost(const std::vector<StreamedRegion>& spans, const std::vector<StreamedSample>& samples) {
  std::vector<uint32_t> out(samples.size(), kNone);
  for (const PlacedSample& p : placeSamples(spans, samples)) {
    uint32_t& best = out[p.sample];
    if (best == kNone || spans[p.region].firstTime > spans[best].firstTime ||
        (spans[p.region].firstTime == spans[best].firstTime && spans[p.region].lastTime < spans[best].lastTime)) {
      best = p.region;
    }
  }
  return out;
}

}  // namespace

pprof::Profile cpuSampleProfile(const CpuSampleProfileInput& in, const TraceTables& tables) {
  const std::vector<StreamedSample>& samples = *in.samples;
  std::vector<bool> selected(samples.size(), in.within == nullptr);
  if (in.within) {
    for (const PlacedSample& p : placeSamples(*in.within, samples)) selected[p.sample] = true;
  }
  const std::vector<StreamedRegion> none;
  const std::vector<uint32_t> user = innermost(in.userRegions ? in.userRegions->spans : none, samples);
  const std::vector<uint32_t> inferred = innermost(in.inferredRegions ? in.inferredRegions->spans : none, samples);

  pprof::Profile base;
  base.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
  base.periodType = {"cpu", "nanoseconds"};
  base.period = in.periodNs;
  base.defaultSampleType = "cpu";
  pprof::ProfileBuilder builder(std::move(base));
  for (size_t i = 0; i < samples.size(); i++) {
    if (!selected[i]) continue;
    const StreamedSample& s = samples[i];
    std::vector<pprof::Label> labels;
    if (s.goroutine != kNoGoroutine) {
      labels.push_back({"goroutine", std::to_string(s.goroutine), 0, ""});
      if (in.startFunctions) {
        auto f = in.startFunctions->find(s.goroutine);
        if (f != in.startFunctions->end()) labels.push_back({"start_function", std::string(tables.strings.view(f->second)), 0, ""});
      }
    }
    if (user[i] != kNone) {
      const RegionSpans& r = *in.userRegions;
      labels.push_back({"user_region", r.kinds[r.spans[user[i]].recognizer], 0, ""});
    }
    if (inferred[i] != kNone) {
      const RegionSpans& r = *in.inferredRegions;
      labels.push_back({"regiongraph", r.kinds[r.spans[inferred[i]].recognizer], 0, ""});
    }
    builder.addSample(stackLocations(builder, s.stack, tables), {1, in.periodNs}, std::move(labels));
  }
  return std::move(builder.profile());
}

}  // namespace gotrace
