#include "gotrace/commands/unstoppable.h"

#include "gotrace/analysis/stack_locations.h"
#include "gotrace/analysis/stw_phases.h"
#include "gotrace/base/error.h"
#include "gotrace/base/sha256.h"
#include "gotrace/pprof/profile_builder.h"
#include "gotrace/pprof/profile_writer.h"
#include "gotrace/render/stw_text.h"
#include "gotrace/render/time_base.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {

int runUnstoppable(const UnstoppableOptions& options, cli::Console& console) {
  // With -profile, the whole trace in memory (mapped for files) so that its
  // hash can label the profile; otherwise streamed.
  Input file = Input::open(options.input);
  std::span<const uint8_t> bytes;
  if (!options.profile.empty()) bytes = file.readAll();
  const std::string name = file.name();
  auto reader = TraceReader::open(options.profile.empty() ? std::move(file) : Input::fromMemory(bytes, name), options.read);
  const TraceTables& tables = reader->tables();

  pprof::Profile base;
  base.sampleTypes = {{"samples", "count"}, {"offset", "nanoseconds"}};
  base.defaultSampleType = "samples";
  base.periodType = {"cpu", "nanoseconds"};
  base.period = 1;
  pprof::ProfileBuilder profile(std::move(base));
  OutputBuffer& out = console.out();
  int64_t traceStart = 0;
  bool started = false;
  StwAnalyzer analyzer(options.graceNs, [&](const StwPause& p) {
    if (options.printStw) {
      out.buffer() += stwSummaryLine(p, traceStart);
      out.buffer() += '\n';
    }
    if (options.printStacks) appendStwStacks(out.buffer(), p, tables);
    out.maybeFlush();
    for (const StwSample& s : p.samples) {
      profile.addSample(stackLocations(profile, s.stack, tables), {1, s.offset},
                        {{"stw-phase", std::string(stwPhaseName(s.phase)), 0, ""},
                         {"stw-reason", p.reason, 0, ""},
                         {"g", "", s.goroutine, ""},
                         {"offset", "", s.offset, "ns"}});
    }
  });
  std::optional<Error> damage = readUntilDamage(*reader, [&](const Event& ev) {
    if (!started) {
      traceStart = tables.traceStart.value_or(ev.time);
      started = true;
      if (options.printStw || options.printStacks) {
        out.buffer() += timeBaseComment("@ in seconds", traceStart);
      }
    }
    analyzer.add(ev, tables);
  });
  if (damage) throw damage->setFile(name);
  out.flush();
  for (const std::string& w : analyzer.warnings()) console.warn(name, w);
  if (!options.profile.empty()) {
    const std::string hash = sha256Hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    for (auto& s : profile.profile().samples) s.labels.push_back({"trace-sha256", hash, 0, ""});
    writeFileWhole(options.profile, pprof::encodeProfile(profile.profile()));
  }
  return 0;
}

}  // namespace gotrace::commands
