#include "gotrace/commands/etpprof.h"

#include "gotrace/analysis/goroutines/blocking_profile.h"
#include "gotrace/base/error.h"
#include "gotrace/pprof/profile_writer.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {

int runEtpprof(const EtpprofOptions& options, cli::Console& console) {
  const std::optional<BlockingKind> kind = parseBlockingKind(options.kind);
  if (!kind) throw UsageError("-kind wants net, sync, syscall or sched, not " + options.kind);
  console.requireBinaryDestination(options.output, "the profile");
  auto reader = TraceReader::open(Input::open(options.input), options.read);
  BlockingProfiler profiler(*kind);
  // No profile from part of a trace: its times would mislead.
  if (auto damage = readInto(*reader, profiler)) throw *damage;
  console.writeWhole(options.output, pprof::encodeProfile(blockingProfile(profiler.records(), reader->tables())));
  return 0;
}

}  // namespace gotrace::commands
