#include "v2/batch_cursor.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/io/varint.h"

namespace gotrace::v2 {

bool BatchCursor::next(const Generation& g) {
  const std::vector<Batch>& batches = *batches_;
  while (batch_ < batches.size() && pos_ == batches[batch_].data.size()) {
    batch_++;
    pos_ = 0;
    lastTs_ = 0;
  }
  if (batch_ == batches.size()) return false;
  const Batch& b = batches[batch_];
  // Go starts each batch from its header time; a time that converts to 0 is
  // indistinguishable from "not started" and is recomputed.
  if (lastTs_ == 0) lastTs_ = g.toNs(b.time);

  const uint8_t* p = b.data.data() + pos_;
  const uint8_t* end = b.data.data() + b.data.size();
  const uint64_t offset = b.dataOffset + pos_;
  const uint8_t type = *p;
  if (type >= 137) throw Error(fmt::format("found invalid event type: {}", type), offset);
  const EventSpec* spec = specOf(type);
  if (!spec || !spec->timed) throw Error(fmt::format("found event without a timestamp: type={}", type), offset);
  const uint8_t* q = p + 1;
  // Most values fit one byte: decode those inline.
  auto uvarint = [&](uint64_t& v, const char* what) {
    if (q < end && *q < 0x80) {
      v = *q++;
      return;
    }
    const int n = io::decodeUvarint(q, end, v);
    if (n <= 0) throw Error(what, offset);
    q += n;
  };
  uint64_t dt = 0;
  uvarint(dt, "found invalid uvarint for timestamp");
  WireEvent& ev = ev_;
  ev.type = type;
  ev.offset = offset;
  for (int i = 0; i < spec->argCount; i++) uvarint(ev.args[i], "found invalid uvarint");
  for (int i = spec->argCount; i < kMaxArgs; i++) ev.args[i] = 0;
  // Wrapping addition, as Go's int64 arithmetic does.
  ev.time = int64_t(uint64_t(g.toNs(dt)) + uint64_t(lastTs_));
  lastTs_ = ev.time;
  pos_ += size_t(q - p);
  return true;
}

}  // namespace gotrace::v2
