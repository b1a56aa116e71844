#include "gotrace/commands/etgrep.h"

#include <fmt/format.h>

#include <iterator>
#include <map>
#include <optional>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/render/event_text.h"

namespace gotrace {

int64_t eventGoroutine(const Event& ev) {
  if (ev.goroutine == kNoGoroutine && ev.kind == EventKind::StateTransition &&
      ev.transition.resource.kind == ResourceKind::Goroutine) {
    return ev.transition.resource.id;
  }
  return ev.goroutine;
}

void appendStackLines(std::string& out, StackId stack, const TraceTables& t) {
  if (stack == kNoStack) return;
  for (FrameId f : t.stacks.frames(stack)) {
    const Frame& fr = t.stacks.frame(f);
    fmt::format_to(std::back_inserter(out), "  {:x} {} {}:{}\n", fr.pc, t.strings.view(fr.func),
                   t.strings.view(fr.file), fr.line);
  }
}

namespace {

void appendEvent(std::string& out, const Event& ev, const GrepOptions& o, const TraceTables& t, StackTextCache& stacks) {
  if (o.format == GrepOptions::Format::Parsed) {
    appendEventParsed(out, ev, t, stacks);
  } else {
    appendEventLine(out, ev, t);
    out += '\n';
  }
  if (o.stacks) appendStackLines(out, ev.stack, t);
}

bool selected(const Event& ev, const GrepOptions& o, const TraceTables& t) {
  if (o.goroutine != 0 && eventGoroutine(ev) != o.goroutine) return false;
  if (o.time != 0 && ev.time != o.time) return false;
  return o.match.matches(ev, t);
}

}  // namespace

void grepEvents(TraceReader& reader, const GrepOptions& o, OutputBuffer& out) {
  const TraceTables& t = reader.tables();
  StackTextCache stacks;
  Event ev;
  if (o.sort == GrepOptions::Sort::Time) {
    try {
      while (reader.next(ev)) {
        if (!selected(ev, o, t)) continue;
        appendEvent(out.buffer(), ev, o, t, stacks);
        out.maybeFlush();
      }
    } catch (const Error&) {
      out.flush();
      throw;
    }
    out.flush();
    return;
  }
  // Grouped by goroutine: everything is kept until the end of the trace.
  std::map<int64_t, std::vector<Event>> groups;
  std::optional<Error> failure;
  try {
    while (reader.next(ev)) {
      if (selected(ev, o, t)) groups[eventGoroutine(ev)].push_back(ev);
    }
  } catch (const Error& e) {
    failure = e;
  }
  bool printedAny = false;
  for (auto& [g, events] : groups) {
    if (printedAny) out.buffer() += '\n';
    for (const Event& e : events) {
      appendEvent(out.buffer(), e, o, t, stacks);
      out.maybeFlush();
    }
    printedAny = printedAny || !events.empty();
  }
  out.flush();
  if (failure) throw *failure;
}

}  // namespace gotrace
