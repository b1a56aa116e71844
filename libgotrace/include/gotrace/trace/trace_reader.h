// Reading Go execution traces: the pull reader that yields events of the one
// event model (event.h) in Go's order.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/trace/event.h"
#include "gotrace/io/input.h"
#include "gotrace/trace/stack_table.h"
#include "gotrace/trace/string_table.h"
#include "gotrace/trace/trace_header.h"

namespace gotrace {

// An experimental batch of the current generation (opaque bytes written by
// one thread for one experiment, e.g. "AllocFree").
struct ExperimentalBatch {
  std::string_view experiment;
  int64_t thread;
  std::span<const uint8_t> data;
};

// Strings and stacks of a trace, shared by all its events.
struct TraceTables {
  StringTable strings;
  StackTable stacks;
};

class TraceReader {
 public:
  // Reads the header of `input` and returns a reader for its format.
  static std::unique_ptr<TraceReader> open(Input input);

  virtual ~TraceReader() = default;

  const TraceVersion& version() const { return version_; }
  const std::string& inputName() const { return inputName_; }

  // Reads the next event into `ev`. Returns false at the end of the trace.
  // Throws Error when the trace is malformed: every event before the damage
  // has been returned by then. After an error the reader stays failed.
  virtual bool next(Event& ev) = 0;

  // Reads up to out.size() events into `out` and returns how many: fewer
  // only at the end of the trace (0) or just before damage, whose error the
  // next call throws. Faster than next() for consumers that take events in
  // runs.
  virtual size_t nextBatch(std::span<Event> out);

  // The experimental batches of the generation that the last Sync event
  // opened (valid until the next Sync).
  virtual std::span<const ExperimentalBatch> experimentalBatches() const { return {}; }

  const TraceTables& tables() const { return tables_; }
  std::string_view str(StringId id) const { return tables_.strings.view(id); }
  std::span<const FrameId> stackFrames(StackId id) const { return tables_.stacks.frames(id); }
  const Frame& frame(FrameId id) const { return tables_.stacks.frame(id); }

 protected:
  TraceReader(TraceVersion version, std::string inputName)
      : version_(version), inputName_(std::move(inputName)) {}

  TraceTables tables_;

 private:
  TraceVersion version_;
  std::string inputName_;
};

// Feeds every event of `reader` to `consume` until the end of the trace or
// the first error, which is returned: a damaged or truncated trace still
// yields everything before the damage.
template <typename Consume>
std::optional<Error> readUntilDamage(TraceReader& reader, Consume&& consume) {
  constexpr size_t kRun = 256;
  std::array<Event, kRun> events;
  try {
    while (const size_t n = reader.nextBatch(events)) {
      for (size_t i = 0; i < n; i++) consume(events[i]);
    }
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace gotrace
