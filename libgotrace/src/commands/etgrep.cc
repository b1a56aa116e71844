#include "gotrace/commands/etgrep.h"

#include <fmt/format.h>

#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "gotrace/analysis/match/event_match.h"
#include "gotrace/analysis/trace_summary.h"
#include "gotrace/base/error.h"
#include "gotrace/render/event_text.h"
#include "gotrace/trace/event_pipeline.h"

namespace gotrace::commands {

int64_t eventGoroutine(const Event& ev) {
  if (ev.goroutine == kNoGoroutine && ev.kind == EventKind::StateTransition &&
      ev.transition.resource.kind == ResourceKind::Goroutine) {
    return ev.transition.resource.id;
  }
  return ev.goroutine;
}

bool eventConcernsGoroutine(const Event& ev, int64_t g) {
  auto is = [g](const ResourceId& r) { return r.kind == ResourceKind::Goroutine && r.id == g; };
  if (ev.goroutine == g) return true;
  switch (ev.kind) {
    case EventKind::StateTransition: return is(ev.transition.resource);
    case EventKind::Label: return is(ev.label.resource);
    case EventKind::RangeBegin:
    case EventKind::RangeActive:
    case EventKind::RangeEnd: return is(ev.range.scope);
    default: return false;
  }
}

void appendStackLines(std::string& out, StackId stack, const TraceTables& t) {
  if (stack == kNoStack) return;
  for (FrameId f : t.stacks.frames(stack)) {
    const Frame& fr = t.stacks.frame(f);
    fmt::format_to(std::back_inserter(out), "  {:x} {} {}:{}\n", fr.pc, t.strings.view(fr.func),
                   t.strings.view(fr.file), fr.line);
  }
}

std::string etgrepMatchHelp() {
  return "-match='KIND \"spec\" ...': KIND is Any or an event kind (Sync, Metric, Label, StackSample, RangeBegin,\n"
         "RangeActive, RangeEnd, TaskBegin, TaskEnd, RegionBegin, RegionEnd, Log, StateTransition, Experimental),\n"
         "or a v1 event name (as the original toolbox took them), which selects the events it became, in v1 and\n"
         "v2 traces alike. The specs are Go-quoted RE2 regexps, one frame each (function names, unanchored),\n"
         "from the root frame to the leaf; \"**\" is any number of frames, zero included, wherever it stands.\n"
         "Every frame must be accounted for; no specs at all selects events without a stack.\n"
         "\n"
         "v1 event names:\n" +
         oldEventNamesTable("  ");
}

namespace {

class Grep {
 public:
  // Checks the flags: a usage error comes before any reading.
  explicit Grep(const EtgrepOptions& options) : o_(options) {
    if (o_.sort != "time" && o_.sort != "goroutine") {
      throw UsageError("-sort must be time or goroutine, not '" + o_.sort + "'");
    }
    if (!o_.match.empty()) {
      try {
        match_ = EventMatcher::parse(o_.match);
      } catch (const Error& e) {
        throw UsageError(std::string("-match: ") + e.what());
      }
    }
  }

  void setTables(const TraceTables& tables) { t_ = &tables; }

  bool selected(const Event& ev) const {
    if (o_.goroutine != 0 && !eventConcernsGoroutine(ev, o_.goroutine)) return false;
    if (o_.time != 0 && ev.time != o_.time) return false;
    return match_.matches(ev, *t_);
  }

  void append(std::string& out, const Event& ev) {
    if (o_.parsed) {
      appendEventParsed(out, ev, *t_, stackText_);
    } else {
      appendEventLine(out, ev, *t_);
      out += '\n';
    }
    if (o_.stacks) appendStackLines(out, ev.stack, *t_);
  }

 private:
  const EtgrepOptions& o_;
  const TraceTables* t_ = nullptr;
  EventMatcher match_;
  StackTextCache stackText_;
};

int summarize(TraceReader& reader, OutputBuffer& out) {
  TraceSummary summary;
  std::optional<Error> failure;
  try {
    // Summing needs no strings or stacks until the end: on a second core.
    pipeEvents(reader, [&](std::span<const Event> events) {
      for (const Event& e : events) summary.add(e);
    });
  } catch (const Error& e) {
    failure = e;
    summary.fail(e.what());
  }
  out.write(summary.toJson(reader.version(), reader.tables()).dump(2) + "\n");
  if (failure) throw *failure;
  return 0;
}

// The header of a trace file, or nullopt (stdin, no trace header, a
// version not read at all).
std::optional<TraceVersion> headerOf(const std::string& path) {
  if (path == "-") return std::nullopt;
  try {
    Input input = Input::open(path);
    const std::span<const uint8_t> header = input.read(kTraceHeaderSize);
    if (header.size() < kTraceHeaderSize) return std::nullopt;
    return parseTraceHeader(header);
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace

int runEtgrep(const EtgrepOptions& options, cli::Console& console) {
  OutputBuffer& out = console.out();
  Grep grep(options);
  if (options.summary) {
    std::unique_ptr<TraceReader> reader;
    try {
      reader = TraceReader::open(Input::open(options.input), options.read);
    } catch (const Error& e) {
      // v1 traces are read whole when opened, so their damage shows here:
      // the summary still says what the file is and why reading stopped, as
      // it does for v2 (ok: false and the error).
      if (const std::optional<TraceVersion> version = headerOf(options.input)) {
        TraceSummary summary;
        summary.fail(e.what());
        const TraceTables none;
        out.write(summary.toJson(*version, none).dump(2) + "\n");
      }
      throw;
    }
    return summarize(*reader, out);
  }
  auto reader = TraceReader::open(Input::open(options.input), options.read);

  grep.setTables(reader->tables());
  if (options.sort == "time") {
    // Everything before a damage is written (by the tool) before the error.
    const std::optional<Error> damage = readUntilDamage(*reader, [&](const Event& ev) {
      if (!grep.selected(ev)) return;
      grep.append(out.buffer(), ev);
      out.maybeFlush();
    });
    if (damage) throw *damage;
    return 0;
  }
  // Grouped by goroutine: everything is kept until the end of the trace.
  std::map<int64_t, std::vector<Event>> groups;
  const std::optional<Error> damage = readUntilDamage(*reader, [&](const Event& ev) {
    // With -goroutine=N, what others did to N is in N's group.
    if (grep.selected(ev)) groups[options.goroutine != 0 ? options.goroutine : eventGoroutine(ev)].push_back(ev);
  });
  bool printedAny = false;
  for (auto& [g, events] : groups) {
    if (printedAny) out.buffer() += '\n';
    for (const Event& e : events) {
      grep.append(out.buffer(), e);
      out.maybeFlush();
    }
    printedAny = printedAny || !events.empty();
  }
  if (damage) throw *damage;
  return 0;
}

}  // namespace gotrace::commands
