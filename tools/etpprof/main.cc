// etpprof: blocking profiles of a trace, as `go tool trace -pprof=KIND`.
#include <unistd.h>

#include "gotrace/analysis/goroutines/blocking_profile.h"
#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/trace/trace_reader.h"

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
  CLI::App& app = tool.app();
  tool.addInput("trace");
  std::string kindName, outputPath;
  app.add_option("--kind", kindName, "net, sync, syscall or sched")->required();
  app.add_option("--output", outputPath, "write the profile here (default: stdout)");

  return tool.run(argc, argv, [&]() -> int {
    const std::optional<gotrace::BlockingKind> kind = gotrace::parseBlockingKind(kindName);
    if (!kind) return tool.usageError("-kind wants net, sync, syscall or sched, not " + kindName);
    if (outputPath.empty() && isatty(1)) {
      return tool.usageError("the profile is binary: give -output=FILE or redirect stdout");
    }
    gotrace::Input input = gotrace::Input::open(tool.inputPath());
    const std::string name = input.name();
    auto reader = gotrace::TraceReader::open(std::move(input));
    gotrace::BlockingProfiler profiler(*kind);
    const gotrace::TraceTables& tables = reader->tables();
    if (auto damage = gotrace::readUntilDamage(*reader, [&](const gotrace::Event& ev) { profiler.add(ev, tables); })) {
      throw damage->setFile(name);  // no profile from part of a trace: its times would mislead
    }
    const std::vector<uint8_t> encoded =
        gotrace::pprof::encodeProfile(gotrace::blockingProfile(profiler.finish(tables), tables));
    const std::string_view bytes(reinterpret_cast<const char*>(encoded.data()), encoded.size());
    if (outputPath.empty() || outputPath == "-") {
      gotrace::OutputBuffer out;
      out.write(bytes);
      out.flush();
    } else {
      gotrace::writeFileWhole(outputPath, bytes);
    }
    return 0;
  });
}
