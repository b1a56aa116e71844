// Fuzz target: the trace readers (v1 and v2, picked by the header), every
// event formatted as -d=parsed does, and the goroutine timelines.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gotrace/base/error.h"
#include "gotrace/render/event_text.h"
#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/trace/trace_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto reader = gotrace::TraceReader::open(gotrace::Input::fromMemory({data, size}, "fuzz"));
    gotrace::StackTextCache stacks;
    std::string text;
    gotrace::Event ev;
    while (reader->next(ev)) {
      text.clear();
      gotrace::appendEventParsed(text, ev, reader->tables(), stacks);
    }
  } catch (const gotrace::Error&) {
  }
  try {
    auto reader = gotrace::TraceReader::open(gotrace::Input::fromMemory({data, size}, "fuzz"));
    std::optional<gotrace::Error> damage;
    gotrace::GoroutineTimelines::read(*reader, &damage);
  } catch (const gotrace::Error&) {
  }
  return 0;
}
