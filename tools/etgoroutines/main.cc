// etgoroutines: go tool trace's goroutine analysis, as text or JSON lines.
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etgoroutines.h"

namespace {

constexpr const char* kExamples = R"(  etgoroutines -input=trace.out | less -S
  etgoroutines -input=trace.out -function='net/http.\(\*conn\).serve' -sort=sched_wait | head
  etgoroutines -input=trace.out -goroutine=42
  etgoroutines -input=trace.out -json | jq -c 'select(.count > 100) | {function, sched_wait_ns}'
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etgoroutines",
                          "Where each goroutine's time in the trace went: execution, scheduler wait, syscalls, "
                          "blocking by reason, GC assist and sweep. By default one line per start function (count "
                          "and sums, most execution first); -function lists the goroutines of matching functions, "
                          "-goroutine details one. The state times add up to the lifetime; GC assist and sweep "
                          "overlap them.",
                          kExamples);
  gotrace::commands::EtgoroutinesOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only what happens in this window (a Go duration from the trace's first event); goroutines are followed from the generation before it");
  tool.addHelpNotes(
      "Times: -goroutine's report gives times since the trace's first event, after a '# times:' line with its "
      "absolute time (etgrep's); -json has appeared_ns, first_run_ns, ended_ns (since the first event) and "
      "appeared_ts, first_run_ts, ended_ts (absolute trace ns). The tables hold durations only.\n");
  CLI::App& app = tool.app();
  app.add_option("--function", options.function, "one line per goroutine whose start function matches this regexp");
  app.add_option("--goroutine", options.goroutine, "the times of this goroutine id, one per line");
  app.add_flag("--json", options.json, "JSON lines instead of text");
  app.add_option("--sort", options.sort,
                 "largest first by this field: count, lifetime, execution, sched_wait, syscall, syscall_block, "
                 "sync_block, net_block, other_block, gc_assist, gc_sweep");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtgoroutines(options, console); });
}
