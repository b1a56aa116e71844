// unstoppable: why stop-the-world pauses took long, from the CPU samples a
// trace carries.
#include "gotrace/cli/go_flags.h"
#include "gotrace/cli/tool.h"
#include "gotrace/commands/unstoppable.h"

namespace {

constexpr const char* kExamples = R"(  unstoppable -input=trace.out
  unstoppable -input=trace.out -print-stacks -grace=500us | less
  unstoppable -input=trace.out -print-stw=false -profile=stw.pb.gz; go tool pprof -tagfocus=stw-phase=pre-stop -top stw.pb.gz
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("unstoppable",
                          "Explain stop-the-world pauses: each is split into pre-stop (waiting for running goroutines "
                          "to stop), stopped and post-stop, and the CPU samples of each phase are shown.",
                          kExamples);
  gotrace::commands::UnstoppableOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only pauses in this window (a Go duration from the trace's first event)");
  tool.addHelpNotes(
      "Times: a pause's @ time is in seconds since the trace's first event, whose absolute time (etgrep's, in ns) "
      "the first line, '# times:', gives; phase offsets (+µs) count from the pause's start.\n");
  CLI::App& app = tool.app();
  app.add_option("--profile", options.profile, "write the attributed samples as a pprof profile here");
  app.add_flag("--print-stw", options.printStw, "print a line per pause (-print-stw=false: don't)");
  app.add_flag("--print-stacks", options.printStacks, "print every attributed sample with its stack");
  gotrace::cli::addDurationOption(app, "--grace", options.graceNs,
                                  "leave out samples earlier than this into their phase (a Go duration: 500us, 1ms)",
                                  "such as 500us or 1ms");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runUnstoppable(options, console); });
}
