// Decoding one proc's batches into Events, fast, in chunks. Each record is
// read in one pass over its bytes (parseRecord), straight into the output.
//
// Only well-formed input is taken here. The index pass (indexBatches) parses
// every record of the trace with parseRecord: a batch with any record that
// parseRecord does not take is marked odd, and the merge reads odd batches
// with the exact path (RawReader + EventDecoder, decodeBatchExact), which
// gives Go's error at its offset (or the same events). So a batch that is
// not odd decodes without errors, and can be decoded a chunk at a time, as
// the merge needs its events, instead of all at once when it is loaded.
//
// Records that fill the trace's tables (strings, frequency, stacks, timer
// goroutines) are listed by the index pass (TraceData::side) and applied
// when the merge loads their batch, in the order Go's reader loads batches
// (duplicate string ids are found in that order).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "v1/event_types.h"
#include "v1/trace_data.h"
#include "v1/wire.h"

namespace gotrace::v1 {

// One record as the fast paths read it.
struct Record {
  uint8_t type = EvNone;
  unsigned c = 0;  // the argument-count bits
  size_t n = 0;    // values read
  uint64_t v[5] = {0, 0, 0, 0, 0};  // the first values (0 past n)
};

namespace detail {

constexpr uint64_t kMaxLengthPrefixed = 2048;
constexpr uint64_t kMaxString = 1000000;

// RawReader refuses to read n bytes at q (even n = 0) when q is at the end.
inline bool fits(const uint8_t* q, const uint8_t* end, uint64_t n) { return q < end && n <= uint64_t(end - q); }

}  // namespace detail

// Reads the record at q (before `end`, the end of the data) into r when it is
// well formed, as far as these rules go: a known type of this version, valid
// varints that fit, Go's limits on strings and length-prefixed values, the
// number of values Go's decoder checks (every type but CPU samples, which
// the index pass checks itself), a positive frequency, a consistent stack
// record, a batch header with a valid proc. Returns the end of the record,
// or nullptr for anything else (the exact path then decides).
// (Always inlined: it is the inner loop of the index pass and of decoding.)
[[gnu::always_inline]] inline const uint8_t* parseRecord(const uint8_t* q, const uint8_t* end, int version,
                                                         Record& r) {
  using namespace detail;
  const uint8_t b = *q++;
  const uint8_t type = b & 0x3f;
  r.type = type;
  r.v[0] = r.v[1] = r.v[2] = r.v[3] = r.v[4] = 0;
  r.c = b >> 6;
  if (type == EvNone || type >= EvCount || descOf(type).minVersion > version) return nullptr;
  if (type == EvString) {
    uint64_t id, len;
    if (!readUvarint(q, end, id) || id == 0 || !readUvarint(q, end, len)) return nullptr;
    if (len == 0 || len > kMaxString || !fits(q, end, len)) return nullptr;
    r.n = 0;
    r.v[0] = id;
    return q + len;
  }
  size_t n = 0;
  if (r.c < 3) {
    n = r.c + 1;
    for (size_t i = 0; i < n; i++) {
      if (!readUvarint(q, end, r.v[i])) return nullptr;
    }
  } else {
    uint64_t len;
    if (!readUvarint(q, end, len) || len > kMaxLengthPrefixed || !fits(q, end, len)) return nullptr;
    const uint8_t* valuesEnd = q + len;
    while (q < valuesEnd) {
      uint64_t x;
      if (!readUvarint(q, valuesEnd, x)) return nullptr;
      if (n < 5) r.v[n] = x;
      n++;
    }
    if (type == EvUserLog) {
      uint64_t size;
      if (!readUvarint(q, end, size) || size > kMaxString || !fits(q, end, size)) return nullptr;
      q += size;
    }
  }
  r.n = n;
  switch (type) {
    case EvCPUSample:
      return q;
    case EvStack:
      // id, frame count, then four values per frame.
      if (n < 2 || r.v[1] > 1000 || n != 2 + 4 * r.v[1]) return nullptr;
      return q;
    case EvBatch:
      if (r.c != 1 || (r.v[0] != UINT64_MAX && r.v[0] > uint64_t(INT32_MAX))) return nullptr;
      return q;
    case EvFrequency:
      if (n != 1 || int64_t(r.v[0]) <= 0) return nullptr;
      return q;
    default:
      return n == size_t(valueCount(type)) ? q : nullptr;
  }
}

// Where decoding of one proc's stream stands inside a batch, between two
// calls.
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
    Odd,   // a record parseRecord does not take (not in a batch that is not odd)
  };

  explicit BatchDecoder(const TraceData& t) : t_(t) {}

  // Reads the header of batch `b` of proc `p`; `curG` is the proc's current
  // goroutine after its previous batch. False when the header is odd.
  bool begin(const BatchRef& b, int32_t p, uint64_t curG, BatchState& st) const;

  // Appends the batch's timed events to `out` until its end or until `out`
  // holds `maxEvents`. Skips table records.
  Result decode(BatchState& st, std::vector<Event>& out, size_t maxEvents) const;

 private:
  const TraceData& t_;
};

// Reads batch `b` of proc `p` the way Go's reader does, record by record
// (throws Error with Go's message). `curG` is updated to the proc's current
// goroutine after the batch. With `applyTables`, table records are applied to
// `t` (as a batch's first load does); without, they are skipped (a replay).
void decodeBatchExact(TraceData& t, const BatchRef& b, int32_t p, uint64_t& curG, std::vector<Event>& out,
                      bool applyTables);

// Applies the table records of batch `b` (TraceData::side), in order,
// exactly as reading them record by record does (throws Error, e.g. on a
// duplicate string id).
void applySideRecords(TraceData& t, const BatchRef& b);

}  // namespace gotrace::v1
