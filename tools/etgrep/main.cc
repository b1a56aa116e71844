// etgrep: grep Go execution trace events and their stacks.
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etgrep.h"

namespace {

constexpr const char* kExamples = R"(  etgrep -input=./pprof/trace -stacks | less
  etgrep -input=trace.out -goroutine=37 -stacks   # with its creation and the wakes, by others
  etgrep -input=./pprof/trace -match='GoBlockSync "net/http...conn..serve" "ServeHTTP" "**" "sync...Mutex..Lock"'
  etgrep -input=trace.out -match='StateTransition "^net/http...conn..serve$" "**"' -stacks
  etgrep -input=trace.out -sort=goroutine | less
  etgrep -summary trace.out | jq .goroutine_transitions
  curl -s host:6060/debug/pprof/trace?seconds=5 | etgrep - | head
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etgrep", "Print the events of a Go execution trace, one per line, filtered.", kExamples);
  gotrace::commands::EtgrepOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only events in this window (a Go duration from the trace's first event); only the generations covering it are read");
  tool.addHelpNotes(
      "Times: the events' times (and -time) are absolute trace time in ns, as Go's `go tool trace -d=parsed` prints "
      "them; -summary's min_ts and max_ts too. The other tools count from the trace's first event (-start and -end "
      "here too): their text outputs say on a first '# times:' line where that is in absolute time, and their JSON "
      "carries absolute *_ts (StartTs/EndTs) fields beside the relative ones.\n\n");
  tool.addHelpNotes(gotrace::commands::etgrepMatchHelp());
  CLI::App& app = tool.app();
  app.add_flag("--stacks", options.stacks, "print each event's stack after it");
  app.add_option("--goroutine", options.goroutine,
                 "only events about this goroutine: those it runs, and its creation, wakes, labels by others (0: all)");
  app.add_option("--time", options.time, "only events at exactly this timestamp (absolute trace ns, as printed; 0: all)");
  app.add_option("--sort", options.sort, "time: in trace order; goroutine: grouped by goroutine");
  app.add_option("--match", options.match,
                 "event kind (or v1 name) and stack pattern, e.g. 'StateTransition \"**\" \"^syscall.read$\"' (below)");
  app.add_flag("--summary", options.summary, "print a JSON summary of the whole trace instead of events");
  app.add_flag("--parsed", options.parsed,
               "print events in full, with stacks, exactly as `go tool trace -d=parsed`");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtgrep(options, console); });
}
