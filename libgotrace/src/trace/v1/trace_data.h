// What reading a v1 trace collects before its events can be ordered: where
// each proc's batches are, the string and stack tables, the clock frequency,
// timer goroutines and CPU samples.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "v1/raw_reader.h"

namespace gotrace::v1 {

// A decoded timed event, in 64 bytes: the passes keep whole batches of them.
// (No event has more than three arguments besides its time and stack. A
// UserLog's message is read again from its offset when it is converted.)
struct Event {
  int64_t ts = 0;  // ticks
  uint64_t g = 0;  // 0 = no goroutine
  uint64_t args[3] = {0, 0, 0};
  uint64_t offset = 0;  // input offset of the event
  uint32_t stack = 0;
  int32_t p = 0;
  uint8_t type = 0;
};
static_assert(sizeof(Event) == 64);

struct BatchRef {
  size_t pos;  // position of the batch's EvBatch in TraceData::data
  size_t end;  // where the next batch (of any proc) begins, or the end of the data
  uint32_t events;
  // Its table records: TraceData::side[sideBegin, sideEnd).
  uint32_t sideBegin = 0, sideEnd = 0;
  // It has a record the fast decoder does not take (batch_decoder.h).
  bool odd = false;
};

struct ProcStream {
  int32_t p;
  std::vector<BatchRef> batches;
};

struct FrameRef {
  uint64_t func = 0;  // string ids
  uint64_t file = 0;
  int64_t line = 0;
};

struct StackRef {
  uint32_t begin = 0;  // into TraceData::stackPcs
  uint32_t count = 0;
};

struct TraceData {
  int version = 0;
  std::span<const uint8_t> data;  // after the header
  uint64_t base = 16;             // input offset of data[0]

  std::vector<ProcStream> procs;  // in order of first appearance
  std::unordered_map<int32_t, uint32_t> procIndex;
  StringDictionary strings;
  std::unordered_map<uint32_t, StackRef> stacks;
  std::vector<uint64_t> stackPcs;
  std::unordered_map<uint64_t, FrameRef> pcs;  // first frame seen for a PC wins
  int64_t ticksPerSec = 0;
  std::unordered_set<uint64_t> timerGoroutines;
  std::vector<Event> cpuSamples;
  // Where the records that fill the tables above are (strings, frequency,
  // stacks, timer goroutines), in file order; batches point into it.
  std::vector<size_t> side;
};

// The first pass: finds every batch and reads the CPU samples (Go's
// "collect batches" step), and notes which batches the fast decoder can
// read and where their table records are. Throws Error.
// `progress`, when given, is told now and then how many bytes of t.data
// have been indexed.
void indexBatches(TraceData& t, const std::function<void(uint64_t indexed)>& progress = nullptr);

// A UserLog's message (the string after its arguments).
std::string_view userLogMessage(const TraceData& t, uint64_t offset);

// Turns raw events into Events the way Go's v1 parser does: each proc's
// current goroutine and clock are carried from event to event, and tables
// (frequency, stacks, timer goroutines) are filled as their records go by.
class EventDecoder {
 public:
  explicit EventDecoder(TraceData& t) : t_(t) {}

  // Returns true when `raw` is a timed event (then in `out`).
  bool decode(const RawEvent& raw, Event& out);

  // For replaying already ordered events: decodes the event at `pos` of proc
  // `p` (whose events must be replayed in order), with the given time.
  void replay(size_t pos, int32_t p, int64_t ts, Event& out);

  // Starts decoding proc `p`'s batches with `g` as its current goroutine
  // (for decoding one proc's batch on its own).
  void seed(int32_t p, uint64_t g) {
    lastP_ = p;
    lastG_ = g;
  }
  // The current goroutine of the proc of the last batch header.
  uint64_t currentG() const { return lastG_; }

 private:
  TraceData& t_;
  RawEvent raw_;
  int32_t lastP_ = 0;
  uint64_t lastG_ = 0;
  int64_t lastTs_ = 0;
  std::unordered_map<int32_t, uint64_t> lastGs_;
};

}  // namespace gotrace::v1
