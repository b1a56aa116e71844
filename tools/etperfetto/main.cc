// etperfetto: a trace as a timeline per goroutine, for Perfetto (ui.perfetto.dev).
#include <re2/re2.h>
#include <unistd.h>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/io/output.h"
#include "gotrace/render/timeline_export.h"
#include "gotrace/render/timeline_sink.h"
#include "gotrace/trace/trace_reader.h"

namespace {

constexpr const char* kExamples = R"(  etperfetto -input=trace.out -output=trace.pftrace     # then open it in https://ui.perfetto.dev
  etperfetto -input=trace.out -goroutines='^net/http\.' -start=1s -end=1.5s -output=http.pftrace
  etperfetto -input=trace.out -output=trace.pftrace.gz  # compressed: about a fifth of the size
  etperfetto -input=trace.out -format=json -output=trace.json   # Trace Event Format (chrome://tracing)
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etperfetto",
                          "Write a trace as a timeline per goroutine: each goroutine's life on a track (tracks of "
                          "ended goroutines are reused), its call stack as nested slices, its states innermost "
                          "(running, runnable, waiting: reason, syscall), CPU samples as instants, arrows from the "
                          "goroutine that created or unblocked it, user regions, logs and tasks, GC and "
                          "stop-the-world, and counters (goroutines, heap, heap goal, GOMAXPROCS). Perfetto's "
                          "protobuf format, or with -format=json the Trace Event Format.",
                          kExamples);
  CLI::App& app = tool.app();
  tool.addInput("trace");
  gotrace::TimelineExportOptions options;
  std::string outputPath, format = "proto", goroutines, start = "0", end;
  app.add_option("--output", outputPath, "write here (default: stdout); a name ending in .gz is gzip-compressed");
  app.add_option("--format", format, "proto (Perfetto's format) or json (Trace Event Format)");
  app.add_flag("--stacks", options.stacks, "draw call stacks as nested slices (-stacks=false: states only, smaller)");
  app.add_option("--goroutines", goroutines, "only goroutines whose start function matches this regexp");
  app.add_option("--start", start, "leave out what ends before this time from the trace's start (a Go duration)");
  app.add_option("--end", end, "leave out what begins after this time from the trace's start (a Go duration)");

  return tool.run(argc, argv, [&]() -> int {
    if (format != "proto" && format != "json") return tool.usageError("-format wants proto or json, not " + format);
    std::unique_ptr<RE2> goroutineRe;
    if (!goroutines.empty()) {
      goroutineRe = std::make_unique<RE2>(goroutines, RE2::Quiet);
      if (!goroutineRe->ok()) return tool.usageError("-goroutines: " + goroutineRe->error());
      options.goroutines = goroutineRe.get();
    }
    const auto startNs = gotrace::cli::parseGoDuration(start);
    if (!startNs || *startNs < 0) return tool.usageError("-start wants a duration such as 1.5s, not " + start);
    options.start = *startNs;
    if (!end.empty()) {
      const auto endNs = gotrace::cli::parseGoDuration(end);
      if (!endNs || *endNs < options.start) {
        return tool.usageError("-end wants a duration after -start, such as 2s, not " + end);
      }
      options.end = *endNs;
    }
    if (format == "proto" && (outputPath.empty() || outputPath == "-") && isatty(1)) {
      return tool.usageError("the output is binary: give -output=FILE or redirect stdout");
    }

    gotrace::Input input = gotrace::Input::open(tool.inputPath());
    const std::string name = input.name();
    options.processName = "Go trace " + name;
    auto reader = gotrace::TraceReader::open(std::move(input));
    const gotrace::TraceTables& tables = reader->tables();

    // To a file: written to a temporary file, renamed when complete.
    std::unique_ptr<gotrace::OutputFile> file;
    if (!outputPath.empty() && outputPath != "-") file = std::make_unique<gotrace::OutputFile>(outputPath);
    // FILE.gz: gzip-compressed, which Perfetto opens as it is.
    const bool gzip = outputPath.size() > 3 && outputPath.ends_with(".gz");
    gotrace::OutputBuffer out(file ? file->fd() : 1,
                              gzip ? gotrace::OutputBuffer::Compression::Gzip : gotrace::OutputBuffer::Compression::None);
    auto sink = format == "json" ? gotrace::makeTraceEventJsonSink(out) : gotrace::makePerfettoSink(out);
    gotrace::TimelineExporter exporter(*sink, options);
    auto damage = gotrace::readUntilDamage(*reader, [&](const gotrace::Event& ev) { exporter.add(ev, tables); });
    exporter.finish();
    out.finish();
    if (damage) throw damage->setFile(name);  // the timeline up to the damage is written (stdout) or kept out (file)
    if (file) file->commit();
    return 0;
  });
}
