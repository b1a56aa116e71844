// etperfetto: a trace as a timeline per goroutine, for Perfetto (ui.perfetto.dev).
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etperfetto.h"

namespace {

constexpr const char* kExamples = R"(  etperfetto -input=trace.out -output=trace.pftrace     # then open it in https://ui.perfetto.dev
  etperfetto -input=trace.out -goroutines='^net/http\.' -start=1s -end=1.5s -output=http.pftrace
  etperfetto -input=trace.out -output=trace.pftrace.gz  # compressed: about a third of the size
  etperfetto -input=trace.out -format=json -output=trace.json   # Trace Event Format (chrome://tracing)
)";

// Measured on the corpus traces and the 50 s trace `make bench` makes (the
// README's table has more).
constexpr const char* kSizes = R"(Output size, as a multiple of the trace's (before: stacks as nested slices, now -stacks=slices):
  trace                  MB   before   -stacks=false   now (interned stacks)   now, -stacks=false
  gcstress_go1.26       1.2     2.1x            2.0x                    1.6x                 1.6x
  chansync_go1.26       2.1    10.2x            9.2x                    8.8x                 8.0x
  httpserver_go1.26     3.3    22.8x            8.4x                   10.4x                 9.1x
  httpserver_50s       89.8    24.3x            9.0x   10.5x (944 MB, 25 s)      9.6x (864 MB)
Every goroutine state change is two packets; for traces longer than a few seconds, cut a window
(-start/-end) or a set of goroutines (-goroutines), or open the file with Perfetto's trace_processor.)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etperfetto",
                          "Write a trace as a timeline per goroutine: each goroutine's life on a track (tracks of "
                          "ended goroutines are reused) holding its states (running, runnable, waiting: reason, "
                          "syscall), each with its call stack (interned once, referenced by every slice), CPU "
                          "samples as instants, arrows from the goroutine that created or unblocked it; the "
                          "processor view (a track per P with the goroutine running on it, a track per M with "
                          "its system calls); user regions, logs and tasks, GC and stop-the-world, and counters "
                          "(goroutines, goroutines runnable, heap, heap goal, GOMAXPROCS). Perfetto's protobuf "
                          "format, or with -format=json the Trace Event Format.",
                          kExamples);
  tool.addHelpNotes(kSizes);
  gotrace::commands::EtperfettoOptions options;
  tool.addInput("trace", options.input);
  CLI::App& app = tool.app();
  app.add_option("--output", options.output, "write here (default: stdout); a name ending in .gz is gzip-compressed");
  app.add_option("--format", options.format, "proto (Perfetto's format) or json (Trace Event Format)");
  app.add_flag("--stacks", options.stacks,
               "call stacks: true (default, also plain -stacks) attaches each slice's stack as an interned call "
               "stack (Perfetto shows it in the slice's details and sums a selection's stacks into a flame "
               "graph); slices draws them as nested slices, one per frame (bigger: 1.7x on the httpserver traces); "
               "false: states only");
  app.add_option("--goroutines", options.goroutines, "only goroutines whose start function matches this regexp");
  tool.addReadOptions(options.read,
                      "leave out what ends before it (a Go duration from the trace's first event); only the "
                      "generations covering the window are read");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtperfetto(options, console); });
}
