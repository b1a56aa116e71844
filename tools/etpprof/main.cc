// etpprof: blocking profiles of a trace, as `go tool trace -pprof=KIND`.
#include "gotrace/cli/tool.h"
#include "gotrace/commands/etpprof.h"

namespace {

constexpr const char* kExamples = R"(  etpprof -input=trace.out -kind=sync -output=sync.pb.gz; go tool pprof -top sync.pb.gz
  etpprof -input=trace.out -kind=net > net.pb.gz
  etpprof -kind=sched - < trace.out > sched.pb.gz
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etpprof",
                          "Write a pprof profile of the time goroutines spent blocked, per stack of the event that "
                          "blocked them: net (network wait), sync (channels, select, mutexes), syscall (in system "
                          "calls), sched (runnable, waiting to run). Totals equal go tool trace -pprof=KIND.",
                          kExamples);
  gotrace::commands::EtpprofOptions options;
  tool.addInput("trace", options.input);
  tool.addReadOptions(options.read, "only blocking that happens in this window (a Go duration from the trace's first event)");
  tool.app().add_option("--kind", options.kind, "net, sync, syscall or sched")->required();
  tool.app().add_option("--output", options.output, "write the profile here (default: stdout)");
  return tool.run(argc, argv, [&](gotrace::cli::Console& console) { return runEtpprof(options, console); });
}
