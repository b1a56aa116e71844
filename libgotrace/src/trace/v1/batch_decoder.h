// Decoding one proc's batches into Events, fast. Each record is decoded in
// one pass over its bytes, straight into the output, with no intermediate
// value vector. Only well-formed input is decoded here: at the first record
// that is not (or that this decoder does not take for certain), it stops and
// says so, and the caller reads that batch with the exact path
// (RawReader + EventDecoder, decodeBatchExact), which gives Go's error, at
// its offset, or the same events.
//
// Records that fill the trace's tables (strings, frequency, stacks, timer
// goroutines) are not applied here but listed (SideRecord), so that the
// caller applies them in the order Go's reader loads batches: string ids must
// be checked for duplicates in that order, and a decoder that runs ahead of
// the merge must not touch shared tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "v1/trace_data.h"

namespace gotrace::v1 {

struct SideRecord {
  uint8_t type;  // EvString, EvFrequency, EvStack or EvTimerGoroutine
  size_t pos;    // in TraceData::data
};

// Where decoding of one proc's stream stands: inside a batch, between two
// calls (a batch can be decoded in several chunks).
struct BatchState {
  size_t pos = 0;  // next record
  size_t end = 0;  // where the batch ends (BatchRef::end)
  int64_t lastTs = 0;
  uint64_t curG = 0;  // the proc's current goroutine (carried from batch to batch)
  int32_t p = 0;
};

class BatchDecoder {
 public:
  enum class Result {
    Done,  // the batch is decoded to its end
    Full,  // `maxEvents` events appended; call again to go on
    Odd,   // a record this decoder does not take: use the exact path for the whole batch
  };

  explicit BatchDecoder(const TraceData& t) : t_(t) {}

  // Reads the header of batch `b` of proc `p`; `curG` is the proc's current
  // goroutine after its previous batch. False when the header is odd.
  bool begin(const BatchRef& b, int32_t p, uint64_t curG, BatchState& st) const;

  // Appends the batch's timed events to `out` until its end or until `out`
  // holds `maxEvents`. Lists table records in `side` (nullptr: skips them).
  Result decode(BatchState& st, std::vector<Event>& out, size_t maxEvents, std::vector<SideRecord>* side) const;

 private:
  const TraceData& t_;
};

// Reads batch `b` of proc `p` the way Go's reader does, record by record
// (throws Error with Go's message). `curG` is updated to the proc's current
// goroutine after the batch. With `applyTables`, table records are applied to
// `t` (as a batch's first load does); without, they are skipped (a replay).
void decodeBatchExact(TraceData& t, const BatchRef& b, int32_t p, uint64_t& curG, std::vector<Event>& out,
                      bool applyTables);

// Applies table records listed by BatchDecoder::decode, in order, exactly as
// reading them record by record would (throws Error, e.g. on a duplicate
// string id).
void applySideRecords(TraceData& t, const std::vector<SideRecord>& side);

}  // namespace gotrace::v1
