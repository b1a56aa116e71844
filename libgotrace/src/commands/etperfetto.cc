#include "gotrace/commands/etperfetto.h"

#include <re2/re2.h>

#include <memory>

#include "gotrace/base/error.h"
#include "gotrace/base/go_duration.h"
#include "gotrace/render/perfetto_sink.h"
#include "gotrace/render/timeline_export.h"
#include "gotrace/render/trace_event_json_sink.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {

int runEtperfetto(const EtperfettoOptions& options, cli::Console& console) {
  if (options.format != "proto" && options.format != "json") {
    throw UsageError("-format wants proto or json, not " + options.format);
  }
  TimelineExportOptions exportOptions;
  using Stacks = TimelineExportOptions::Stacks;
  // The values Go's bool flags take, as -stacks was one.
  const std::string& v = options.stacks;
  if (v == "true" || v == "callstacks" || v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "True") {
    exportOptions.stacks = Stacks::Callstacks;
  } else if (v == "slices") {
    exportOptions.stacks = Stacks::Slices;
  } else if (v == "false" || v == "none" || v == "0" || v == "f" || v == "F" || v == "FALSE" || v == "False") {
    exportOptions.stacks = Stacks::None;
  } else {
    throw UsageError("-stacks wants true, slices or false, not " + options.stacks);
  }
  exportOptions.start = options.read.startNs;
  exportOptions.end = options.read.endNs;
  std::unique_ptr<RE2> goroutines;
  if (!options.goroutines.empty()) {
    goroutines = std::make_unique<RE2>(options.goroutines, RE2::Quiet);
    if (!goroutines->ok()) throw UsageError("-goroutines: " + goroutines->error());
    exportOptions.goroutines = goroutines.get();
  }
  if (options.format == "proto") console.requireBinaryDestination(options.output, "the output");

  // The exporter cuts slices at the window's edges itself: it is given the
  // whole generations that cover the window.
  ReadOptions read = options.read;
  read.wholeGenerations = true;
  auto reader = TraceReader::open(Input::open(options.input), read);
  exportOptions.processName = "Go trace " + reader->inputName();
  cli::NamedOutput output = console.open(options.output, cli::Console::Compression::GzipByName);
  auto sink = options.format == "json" ? makeTraceEventJsonSink(output.out()) : makePerfettoSink(output.out());
  TimelineExporter exporter(*sink, exportOptions);
  const std::optional<Error> damage = readInto(*reader, exporter);
  // The timeline up to the damage is written (stdout) or kept out (a file).
  output.out().finish();
  if (damage) throw *damage;
  output.commit();
  return 0;
}

}  // namespace gotrace::commands
