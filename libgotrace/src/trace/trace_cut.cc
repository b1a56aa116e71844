#include "gotrace/trace/trace_cut.h"

#include <algorithm>
#include <limits>

#include "gotrace/base/error.h"
#include "gotrace/base/go_duration.h"

namespace gotrace {

TraceCut findTraceCut(std::span<const uint8_t> bytes, const std::string& name, const ReadOptions& window) {
  TraceCut cut;
  if (bytes.size() >= kTraceHeaderSize) {
    // Known before a v1 trace is read whole.
    cut.version = withFile(name, [&] { return parseTraceHeader(bytes.first(kTraceHeaderSize)); });
  }
  if (cut.version.format != TraceFormat::V2) {
    throw Error("a v1 trace (\"" + cut.version.header() +
                "\", Go 1.11-1.21) is not made of self-contained generations, so it cannot be cut; every tool "
                "reads a window of it with -start and -end")
        .setFile(name);
  }
  ReadOptions options = window;
  options.wholeGenerations = true;
  auto reader = TraceReader::open(Input::fromMemory(bytes, name), options);
  cut.version = reader->version();
  bool any = false;
  bool anyEvent = false;
  int64_t first = 0, last = 0, syncTime = 0;
  Event ev;
  while (reader->next(ev)) {
    if (ev.kind == EventKind::Sync) {
      const std::optional<ByteRange> range = reader->generationBytes();
      if (!range) continue;  // the final Sync
      if (!any) {
        cut.bytes = *range;
        syncTime = ev.time;
        cut.firstGeneration = ev.sync.n;
      } else if (range->begin != cut.bytes.end) {
        throw Error("generations of the window are not adjacent in the file", range->begin).setFile(name);
      }
      cut.bytes.end = range->end;
      cut.lastGeneration = ev.sync.n;
      any = true;
      continue;
    }
    if (!anyEvent) first = ev.time;
    last = std::max(last, ev.time);
    anyEvent = true;
  }
  const int64_t start = reader->tables().traceStart.value_or(0);
  cut.startNs = syncTime - start;
  cut.firstEventNs = anyEvent ? first - start : 0;
  cut.lastEventNs = anyEvent ? last - start : 0;
  if (!any || !anyEvent || cut.lastEventNs < window.startNs) {
    throw Error("the window starts at " + formatGoDuration(window.startNs) + ", after the trace's last event (at " +
                formatGoDuration(cut.lastEventNs) + " from its first): there is nothing to cut")
        .setFile(name);
  }
  return cut;
}

}  // namespace gotrace
