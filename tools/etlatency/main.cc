// etlatency: how long things take, as distributions.
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etlatency.h"

namespace {

constexpr const char* kExamples = R"(  etlatency trace.out
  etlatency -kind=task,region -slowest=3 trace.out
  etlatency -kind=inferred -json trace.out | jq -c 'select(.name | startswith("server/")) | {name, count, p99_ns}'
  etlatency -kind=stw,gc,sched -svg=latency.svg trace.out
  etlatency -kind=sched -slowest=1 trace.out    # then: etgrep -goroutine=G -start=START trace.out
)";

constexpr const char* kNotes = R"(Distributions (-kind; default all of them):
  task      user tasks (runtime/trace.NewTask) per type: TaskBegin to TaskEnd
  region    user regions (trace.WithRegion, StartRegion) per type: begin to
            end on one goroutine, an end closing the innermost open region
  inferred  regions regiongraph finds (HTTP requests, dials, DNS, TLS; see
            -patterns) per kind, server/... per handler: first to last event
  stw       stop-the-world pauses per reason: the request to the restart
  gc        GC cycles: the concurrent mark phase
  sched     scheduler latency: a goroutine becoming runnable to its running
Only complete instances count: both ends in the trace (and in the window).

Statistics: count, min, p50, p90, p99, p99.9 and max, percentiles by
nearest rank: of n durations sorted ascending, pP is the one at rank
ceil(P/100 * n) (from 1), the smallest duration that at least P% of them
do not exceed; it is always one of the durations. The histogram has
logarithmic buckets, 1-2-5 per decade: [1ms, 2ms), [2ms, 5ms), [5ms, 10ms).

-slowest=N lists the N slowest instances of each distribution with the
goroutine that began them and their start as a Go duration since the
trace's first event: the time base of every tool's -start, so
etgrep -goroutine=G -start=START shows what that goroutine did then. JSON
gives the start also on the trace clock (time_ns, etgrep's Time=).

Inferred regions are found on the whole trace's goroutine timelines, kept
in memory; without -kind=inferred the trace is read in memory bounded by
what is open at once (and 8 bytes per instance).
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etlatency",
                          "How long things take in a Go execution trace, as distributions: user tasks and regions "
                          "per type, inferred regions (HTTP requests per handler, dials, DNS, TLS) per kind, "
                          "stop-the-world pauses per reason, GC cycles and scheduler latency, with percentiles, "
                          "a histogram and the slowest instances.",
                          kExamples);
  tool.addHelpNotes(kNotes);
  gotrace::commands::EtlatencyOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only instances wholly in this window (a Go duration from the trace's first event)");
  CLI::App& app = tool.app();
  app.add_option("--kind", options.kinds,
                 "only these distributions, comma-separated: task, region, inferred, stw, gc, sched (default: all)")
      ->type_name("KINDS");
  app.add_flag("--json", options.json, "JSON lines, one object per distribution, instead of text");
  app.add_option("--svg", options.svg, "write an SVG of the histograms (one row each, shared log axis) here instead")
      ->type_name("FILE");
  app.add_option("--slowest", options.slowest, "list the N slowest instances of each distribution")->type_name("N");
  gotrace::cli::addRepeatedOption(app, "--patterns", options.patternFiles,
                                  "add the region patterns of this file for -kind=inferred (repeatable; see "
                                  "regiongraph -show-patterns)");
  app.add_flag("--builtin-patterns", options.builtinPatterns,
               "use the built-in region patterns (-builtin-patterns=false: only -patterns)");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtlatency(options, console); });
}
