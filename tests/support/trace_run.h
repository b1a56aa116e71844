// Helpers for tests: read a whole trace and collect what the reader said.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace::testing {

struct TraceRun {
  std::vector<std::string> lines;  // first line of every event, as -d=parsed
  std::vector<Event> events;
  std::optional<std::string> error;  // the reader's error, if any
  std::optional<uint64_t> errorOffset;
};

// Reads every event of an in-memory trace (binary).
TraceRun readTrace(const std::vector<uint8_t>& bytes);
// Converts Go's text form to binary first.
TraceRun readTraceText(std::string_view text);

// Paths of test inputs.
std::string testdataDir();
// ../shared/corpus when it exists, else "".
std::string sharedCorpusDir();

}  // namespace gotrace::testing

namespace gotrace::testing {

// Fills in `size=?` of EventBatch lines in a text-form trace with the byte
// size of the records that follow, up to the next batch or end-of-generation
// marker, so hand-written test traces need no byte counting.
std::string withBatchSizes(std::string_view text);

// Converts (with batch sizes filled in) and reads.
TraceRun readTestTrace(std::string_view text);

// A hand-written trace (Go's text form, batch sizes filled in) converted to
// binary and opened: it owns the bytes its reader reads in place.
struct TestTrace {
  std::vector<uint8_t> bytes;
  std::unique_ptr<TraceReader> reader;

  TraceReader* operator->() const { return reader.get(); }
  TraceReader& operator*() const { return *reader; }
};
TestTrace openTestTrace(std::string_view text, const std::string& name = "test.trace");

}  // namespace gotrace::testing
