// etcut: a smaller trace that every tool still reads.
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etcut.h"

namespace {

constexpr const char* kExamples = R"(  etcut -start=12s -end=13s -output=second.trace big.trace
  etcut -start=1m30s big.trace.gz > tail.trace; go tool trace tail.trace
  etcut -end=500ms -output=- big.trace | etgrep -summary
)";

constexpr const char* kNotes = R"(What is kept: the trace's header and, copied verbatim, the whole
generations (about a second each) from the one in which the window starts
to the one in which it ends. Each generation is self-contained, so the cut
is a valid trace that Go's parser, go tool trace and every gotrace tool
read. A cut's events are those of its generations in the whole trace, but
that the first generation's goroutines and procs start from an unknown
state (as at any trace's start) and tasks begun before the cut end without
their type. Times in the cut count from its own first generation: etcut
says on stderr where that is in the original trace.

Only v2 traces (Go 1.22 and later) can be cut; a v1 trace is an error.
A window that starts after the trace's last event is an error; nothing is
written when there is an error.
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etcut",
                          "Writes the part of a Go 1.22+ execution trace around a time window as a trace of its "
                          "own: the whole generations that overlap the window, copied byte for byte, so a huge "
                          "trace's interesting second can be shared, attached to a bug or opened in go tool trace.",
                          kExamples);
  tool.addHelpNotes(kNotes);
  gotrace::commands::EtcutOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "keep the generations overlapping this window (Go durations from the trace's first event)");
  tool.app().add_option("--output", options.output, "write the cut trace here (default: stdout; '-' too)")->type_name("FILE");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtcut(options, console); });
}
