// etgrep: grep Go execution trace events and their stacks.
#include <iostream>

#include <nlohmann/json.hpp>

#include "gotrace/cli/tool.h"
#include "gotrace/trace/event_pipeline.h"
#include "gotrace/base/error.h"
#include "gotrace/commands/etgrep.h"
#include "gotrace/trace/trace_reader.h"
#include "gotrace/analysis/trace_summary.h"

namespace {

constexpr const char* kExamples = R"(  etgrep -input=./pprof/trace -stacks | less
  etgrep -input=trace.out -goroutine=37
  etgrep -input=trace.out -match='StateTransition "^net/http...conn..serve$" "**"' -stacks
  etgrep -input=trace.out -sort=goroutine | less
  etgrep -summary trace.out | jq .goroutine_transitions
  curl -s host:6060/debug/pprof/trace?seconds=5 | etgrep - | head
)";

int summarize(gotrace::TraceReader& reader, gotrace::OutputBuffer& out) {
  gotrace::TraceSummary summary;
  std::optional<gotrace::Error> failure;
  try {
    // Summing needs no strings or stacks until the end: on a second core.
    gotrace::pipeEvents(reader, [&](std::span<const gotrace::Event> events) {
      for (const gotrace::Event& e : events) summary.add(e);
    });
  } catch (const gotrace::Error& e) {
    failure = e;
    summary.fail(e.what());
  }
  out.write(summary.toJson(reader.version(), reader.tables()).dump(2) + "\n");
  out.flush();
  if (failure) throw *failure;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etgrep", "Print the events of a Go execution trace, one per line, filtered.", kExamples);
  CLI::App& app = tool.app();
  std::string sort = "time", match;
  gotrace::GrepOptions options;
  bool summary = false, parsed = false;
  tool.addInput("trace");
  app.add_flag("--stacks", options.stacks, "print each event's stack after it");
  app.add_option("--goroutine", options.goroutine, "only events of this goroutine (0: all)");
  app.add_option("--time", options.time, "only events at exactly this timestamp (0: all)");
  app.add_option("--sort", sort, "time: in trace order; goroutine: grouped by goroutine");
  app.add_option("--match", match, "event kind and stack pattern, e.g. 'StateTransition \"**\" \"^syscall.read$\"'");
  app.add_flag("--summary", summary, "print a JSON summary of the whole trace instead of events");
  app.add_flag("--parsed", parsed, "print events in full, with stacks, exactly as `go tool trace -d=parsed`");

  return tool.run(argc, argv, [&]() -> int {
    if (sort == "time") {
      options.sort = gotrace::GrepOptions::Sort::Time;
    } else if (sort == "goroutine") {
      options.sort = gotrace::GrepOptions::Sort::Goroutine;
    } else {
      return tool.usageError("-sort must be time or goroutine, not '" + sort + "'");
    }
    if (!match.empty()) {
      try {
        options.match = gotrace::EventMatcher::parse(match);
      } catch (const gotrace::Error& e) {
        return tool.usageError(std::string("-match: ") + e.what());
      }
    }
    if (parsed) options.format = gotrace::GrepOptions::Format::Parsed;

    auto reader = gotrace::TraceReader::open(gotrace::Input::open(tool.inputPath()));
    gotrace::OutputBuffer out;
    if (summary) return summarize(*reader, out);
    gotrace::grepEvents(*reader, options, out);
    return 0;
  });
}
