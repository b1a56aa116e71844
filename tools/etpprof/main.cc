// etpprof: blocking profiles of a trace, as `go tool trace -pprof=KIND`, and
// its CPU samples as a CPU profile; either narrowed to regions or tasks.
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etpprof.h"

namespace {

constexpr const char* kExamples = R"(  etpprof -input=trace.out -kind=sync -output=sync.pb.gz; go tool pprof -top sync.pb.gz
  etpprof -input=trace.out -kind=net > net.pb.gz
  etpprof -kind=sched - < trace.out > sched.pb.gz
  etpprof -kind=cpu -output=cpu.pb.gz trace.out; go tool pprof -tagfocus='regiongraph=^server/http$' -top cpu.pb.gz
  etpprof -kind=cpu -region=client/tls_handshake -output=tls.pb.gz trace.out
  etpprof -kind=sync -region=checkout -output=checkout-sync.pb.gz trace.out    # a user region type
  etpprof -kind=cpu -task=request -output=request.pb.gz trace.out
)";

constexpr const char* kNotes = R"(-kind=cpu: the CPU profile samples the trace carries (recorded only while the
CPU profiler runs during tracing, Go 1.19+), one pprof sample each, with
sample types samples/count and cpu/nanoseconds. The trace does not record the
profiler's rate: each sample is worth -period, by default 10ms (the default
100 Hz of runtime/pprof); give -period when the program set another rate.
Each sample carries string labels: goroutine (its id), start_function,
user_region (the innermost runtime/trace region it was in) and regiongraph
(the innermost region kind regiongraph infers, e.g. server/http), each when
known, for go tool pprof -tagfocus=KEY=REGEXP (anchor it: server/http also
matches server/http_read).
-region=KIND keeps only the time (or samples) a goroutine spent inside
regions of KIND: a user region type, or a regiongraph kind (built-in or from
-patterns); -task=TYPE only inside user regions of tasks of TYPE (and of the
goroutines such regions created). As go tool trace's region profiles, a
blocking stretch counts for the part of it inside the outermost such regions
of its goroutine; a CPU sample counts if its goroutine was inside one.
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etpprof",
                          "Write a pprof profile of a trace: the time goroutines spent blocked, per stack of the "
                          "event that blocked them: net (network wait), sync (channels, select, mutexes), syscall "
                          "(in system calls), sched (runnable, waiting to run) -- totals equal go tool trace "
                          "-pprof=KIND; or cpu, the trace's CPU samples labelled with what they were doing. "
                          "-region and -task narrow either to one kind of work.",
                          kExamples);
  tool.addHelpNotes(kNotes);
  gotrace::commands::EtpprofOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only blocking and CPU samples in this window (a Go duration from the trace's first event)");
  CLI::App& app = tool.app();
  app.add_option("--kind", options.kind, "net, sync, syscall, sched or cpu")->required();
  app.add_option("--output", options.output, "write the profile here (default: stdout)");
  app.add_option("--region", options.region,
                 "only time inside regions of this kind: a user region type or a regiongraph kind (server/http, ...)");
  app.add_option("--task", options.task, "only time inside user regions of tasks of this type");
  gotrace::cli::addRepeatedOption(app, "--patterns", options.patternFiles,
                                  "add the region patterns of this file (repeatable), as regiongraph");
  app.add_flag("--builtin-patterns", options.builtinPatterns,
               "use the built-in region patterns (-builtin-patterns=false: only -patterns)");
  gotrace::cli::addDurationOption(app, "--period", options.periodNs,
                                  "-kind=cpu: what each CPU sample is worth, the profiler's period (default 10ms)",
                                  "such as 10ms or 1ms");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtpprof(options, console); });
}
