// Reading Go execution traces: the pull reader that yields events of the one
// event model (event.h) in Go's order.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
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

// Input offsets [begin, end).
struct ByteRange {
  uint64_t begin = 0;
  uint64_t end = 0;
};

// Strings and stacks of a trace, shared by all its events.
struct TraceTables {
  StringTable strings;
  StackTable stacks;
  // The time of the trace's first event, which "time since the start" and
  // windows count from: known before the first event is returned, also when
  // a window skips the trace's beginning.
  std::optional<int64_t> traceStart;
};

// How to read a trace.
struct ReadOptions {
  // Cores the reader may use: 0 all of them, 1 only the caller's.
  unsigned threads = 0;
  // A time window, nanoseconds from the trace's first event: only events at
  // times in [startNs, endNs] are returned, and a v2 trace's generations
  // before and after the window are not ordered at all (the one just before
  // it is ordered for its state, silently). The events are those a full
  // read returns in the window, but for TaskEnd events of tasks begun
  // before the generation preceding the window, which carry no type.
  int64_t startNs = 0;
  int64_t endNs = std::numeric_limits<int64_t>::max();
  // With a window: the whole generations that overlap it, not cut at its
  // edges (for tools that draw context around the window themselves).
  bool wholeGenerations = false;
  // Told how far the read has come: input bytes read and the input's size
  // (0 when unknown, e.g. a pipe). Called on the thread that reads events,
  // once per some tens of thousands of events, so it may look at a clock;
  // the position moves a v2 generation (about a second of the program's
  // run) at a time; a v1 trace's through its three passes (indexing and
  // ordering, before the first event, then converting) a third at a time.
  std::function<void(uint64_t done, uint64_t total)> progress = nullptr;

  bool windowed() const { return startNs > 0 || endNs != std::numeric_limits<int64_t>::max(); }
};

class TraceReader {
 public:
  // Reads the header of `input` and returns a reader for its format.
  static std::unique_ptr<TraceReader> open(Input input, const ReadOptions& options = {});

  virtual ~TraceReader() = default;

  const TraceVersion& version() const { return version_; }
  const std::string& inputName() const { return inputName_; }

  // Reads the next event into `ev`. Returns false at the end of the trace.
  // Throws Error when the trace is malformed: every event before the damage
  // has been returned by then. After an error the reader stays failed.
  bool next(Event& ev) { return nextBatch(std::span<Event>(&ev, 1)) == 1; }

  // Reads up to out.size() events into `out` and returns how many: fewer
  // only at the end of the trace (0) or just before damage, whose error the
  // next call throws. Faster than next() for consumers that take events in
  // runs.
  size_t nextBatch(std::span<Event> out) {
    const size_t n = nextInWindow(out);
    if (options_.progress && (sinceProgress_ += n) >= kProgressEvery) reportProgress();
    return n;
  }

  const ReadOptions& options() const { return options_; }

  // The experimental batches of the generation that the last Sync event
  // opened (valid until the next Sync).
  virtual std::span<const ExperimentalBatch> experimentalBatches() const { return {}; }

  // v2 traces: where the generation that the last Sync event opened lies
  // in the input (its batches and, in Go 1.26 traces, its end marker), a
  // self-contained part of the trace. None for v1 traces and after the
  // final Sync.
  virtual std::optional<ByteRange> generationBytes() const { return std::nullopt; }

  const TraceTables& tables() const { return tables_; }
  std::string_view str(StringId id) const { return tables_.strings.view(id); }
  std::span<const FrameId> stackFrames(StackId id) const { return tables_.stacks.frames(id); }
  const Frame& frame(FrameId id) const { return tables_.stacks.frame(id); }

 protected:
  TraceReader(TraceVersion version, std::string inputName, const ReadOptions& options = {})
      : version_(version), inputName_(std::move(inputName)), options_(options) {}

  // The format's reader: the next event, or the next run of events (the
  // default takes them one at a time), as next() and nextBatch() promise
  // but without the window cut.
  virtual bool readNext(Event& ev) = 0;
  virtual size_t readBatch(std::span<Event> out);

  // For readers that skip the trace's beginning: the time of its first
  // event, which window times count from (else: the first event read).
  void setTraceStart(int64_t time) { tables_.traceStart = time; }

  // For progress (ReadOptions::progress): the input's size when known, and
  // how many of its bytes have been read, which a reader keeps up to date
  // cheaply (per generation) or works out when asked.
  void setInputSize(uint64_t bytes) { inputSize_ = bytes; }
  // For readers with work before their first event (v1): tells
  // ReadOptions::progress of `done` bytes' worth of it, if anyone listens.
  bool wantsProgress() const { return bool(options_.progress); }
  void reportProgressAt(uint64_t done) const;
  virtual uint64_t bytePosition() const { return 0; }

  TraceTables tables_;

 private:
  // Keeps the events of out[0, n) inside the window; returns how many.
  size_t cut(std::span<Event> out, size_t n);
  size_t nextInWindow(std::span<Event> out);
  void reportProgress();

  // Events between two calls of ReadOptions::progress.
  static constexpr uint64_t kProgressEvery = 1 << 15;

  TraceVersion version_;
  std::string inputName_;
  ReadOptions options_;
  bool windowEnded_ = false;  // an event after the window was seen
  uint64_t inputSize_ = 0;
  uint64_t sinceProgress_ = 0;  // events returned since progress was last reported
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
