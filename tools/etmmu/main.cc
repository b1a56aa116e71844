// etmmu: minimum mutator utilization of a trace, as go tool trace's MMU page.
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etmmu.h"

namespace {

constexpr const char* kExamples = R"(  etmmu trace.out
  etmmu -count=stw,assist,sweep trace.out
  etmmu -windows=100us,1ms,10ms trace.out
  etmmu -count=stw,assist -per-proc trace.out
  etmmu -json trace.out | jq -c 'select(.window_ns == 1000000)'
  etmmu -svg=mmu.svg trace.out > mmu.txt
)";

constexpr const char* kNotes = R"(The mutator utilization at a moment is the share of the procs (GOMAXPROCS)
the program's goroutines had; for a window length W the MMU is the lowest
mean utilization over every window of length W in the trace (a window longer
than the trace is the whole trace). What takes a proc away (-count):
  stw         a GC stop-the-world takes every proc
  background  a GC background mark worker holds its proc while it runs
              (dedicated workers do not count with -per-proc)
  assist      a goroutine in a GC mark assist holds its proc while it runs
  sweep       incremental sweeping takes its proc
Equal to go tool trace's /mmu page (Go 1.26's internal/trace) to 1e-9, with
Go's flaw: traces label a mark worker each time it starts and Go counts the
label and the start, so a proc where a worker started twice counts as taken
from then on, and the utilization is measured only until every proc is
(etmmu says how far on stderr). -count=stw,assist,sweep measures it all.
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etmmu",
                          "Print the minimum mutator utilization (MMU) curve of a trace: for each window length, "
                          "the worst share of the CPU the program's goroutines had in any window that long, as go "
                          "tool trace's MMU page computes it.",
                          kExamples);
  tool.addHelpNotes(kNotes);
  gotrace::commands::EtmmuOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only events in this window (a Go duration from the trace's first event)");
  CLI::App& app = tool.app();
  app.add_option("--count", options.count,
                 "what counts against the mutator: a comma-separated list of stw, background, assist, sweep "
                 "(default all four; -count= for nothing)");
  app.add_flag("--per-proc", options.perProc, "each proc's utilization on its own (the worst proc) instead of the aggregate");
  app.add_option("--windows", options.windows,
                 "window lengths, comma-separated Go durations (100us,1ms,...); default: ten per decade from 1us "
                 "to the trace's length, and the length");
  app.add_flag("--json", options.json, R"(print JSON lines {"window_ns": W, "mmu": U} instead of text)");
  app.add_option("--svg", options.svg, "also draw the curve (log window axis) as an SVG here (-svg=-: to stdout, instead of text)");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtmmu(options, console); });
}
