#include "v1/batch_decoder.h"

#include <array>

#include "v1/event_types.h"
#include "v1/raw_reader.h"
#include "v1/wire.h"

namespace gotrace::v1 {
namespace {

constexpr uint64_t kMaxLengthPrefixed = 2048;
constexpr uint64_t kMaxString = 1000000;

// What a timed event does to its proc's current goroutine (EventDecoder's rules).
enum GEffect : uint8_t { kNoEffect, kStops, kStarts, kNamesG };  // (ordered for the tests below)

struct TypeInfo {
  uint8_t minVersion = 255;  // 255: not an event type
  uint8_t values = 0;        // values of a well-formed event (time and stack included)
  bool timed = false;
  bool stack = false;
  GEffect effect = kNoEffect;
};

constexpr std::array<TypeInfo, 64> buildInfo() {
  std::array<TypeInfo, 64> info{};
  for (uint8_t t = 1; t < EvCount; t++) {
    const EventDesc& d = detail::kDescs[t];
    TypeInfo& i = info[t];
    i.minVersion = d.minVersion;
    i.values = uint8_t(valueCount(t));
    i.timed = d.timed;
    i.stack = d.stack;
    switch (t) {
      case EvGoStart: case EvGoStartLocal: case EvGoStartLabel:
        i.effect = kStarts;
        break;
      case EvGoEnd: case EvGoStop: case EvGoSched: case EvGoPreempt: case EvGoSleep: case EvGoBlock:
      case EvGoBlockSend: case EvGoBlockRecv: case EvGoBlockSelect: case EvGoBlockSync: case EvGoBlockCond:
      case EvGoBlockNet: case EvGoSysBlock: case EvGoBlockGC:
        i.effect = kStops;
        break;
      case EvGoSysExit: case EvGoWaiting: case EvGoInSyscall:
        i.effect = kNamesG;
        break;
      default:
        break;
    }
  }
  return info;
}

constexpr std::array<TypeInfo, 64> kInfo = buildInfo();

// RawReader refuses to read n bytes at q (even n = 0) when q is at the end.
inline bool fits(const uint8_t* q, const uint8_t* end, uint64_t n) { return q < end && n <= uint64_t(end - q); }

}  // namespace

bool BatchDecoder::begin(const BatchRef& b, int32_t p, uint64_t curG, BatchState& st) const {
  const uint8_t* const data = t_.data.data();
  const uint8_t* const dataEnd = data + t_.data.size();
  const uint8_t* q = data + b.pos;
  if (q >= dataEnd || *q != (EvBatch | 1 << 6)) return false;
  q++;
  uint64_t bp, ticks;
  if (!readUvarint(q, dataEnd, bp) || !readUvarint(q, dataEnd, ticks)) return false;
  st.pos = size_t(q - data);
  st.end = b.end;
  st.lastTs = int64_t(ticks);
  st.curG = curG;
  st.p = p;
  return true;
}

BatchDecoder::Result BatchDecoder::decode(BatchState& st, std::vector<Event>& out, size_t maxEvents,
                                          std::vector<SideRecord>* side) const {
  const uint8_t* const data = t_.data.data();
  const uint8_t* const dataEnd = data + t_.data.size();
  const uint8_t* const end = data + st.end;
  const int version = t_.version;
  const uint64_t base = t_.base;
  const uint8_t* q = data + st.pos;
  int64_t lastTs = st.lastTs;
  uint64_t curG = st.curG;
  Result result = Result::Done;
  uint64_t v[5] = {0, 0, 0, 0, 0};  // the values of a record; 0 past its last
  while (q < end) {
    if (out.size() >= maxEvents) {
      result = Result::Full;
      break;
    }
    const uint8_t* const at = q;
    const uint8_t b = *q++;
    const uint8_t type = b & 0x3f;
    const unsigned c = b >> 6;
    const TypeInfo& info = kInfo[type];
    if (info.minVersion > version) return Result::Odd;  // also not a type at all
    if (type == EvString) {
      uint64_t id, len;
      if (!readUvarint(q, dataEnd, id) || id == 0 || !readUvarint(q, dataEnd, len)) return Result::Odd;
      if (len == 0 || len > kMaxString || !fits(q, dataEnd, len)) return Result::Odd;
      q += len;
      if (side) side->push_back(SideRecord{EvString, size_t(at - data)});
      continue;
    }
    // Values: inline, or length-prefixed (then also the only way to have
    // more than three of them, e.g. a stack record).
    size_t n = 0;
    const uint8_t* valuesEnd = nullptr;
    if (c < 3) {
      n = c + 1;
      for (size_t i = 0; i < n; i++) {
        if (!readUvarint(q, dataEnd, v[i])) return Result::Odd;
      }
    } else {
      uint64_t len;
      if (!readUvarint(q, dataEnd, len) || len > kMaxLengthPrefixed || !fits(q, dataEnd, len)) return Result::Odd;
      valuesEnd = q + len;
      while (q < valuesEnd) {
        uint64_t x;
        if (!readUvarint(q, valuesEnd, x)) return Result::Odd;
        if (n < 5) v[n] = x;
        n++;
      }
      if (type == EvUserLog) {
        uint64_t size;
        if (!readUvarint(q, dataEnd, size) || size > kMaxString || !fits(q, dataEnd, size)) return Result::Odd;
        q += size;
      }
    }
    if (type == EvStack) {
      // id, frame count, then four values per frame.
      if (n < 2 || v[1] > 1000 || n != 2 + 4 * v[1]) return Result::Odd;
      if (side) side->push_back(SideRecord{EvStack, size_t(at - data)});
      v[1] = v[2] = v[3] = v[4] = 0;
      continue;
    }
    if (type == EvCPUSample) {
      v[1] = v[2] = v[3] = v[4] = 0;
      continue;  // read by the index pass
    }
    if (n != info.values) return Result::Odd;
    if (!info.timed) {
      switch (type) {
        case EvBatch:
          return Result::Odd;  // not inside a batch's bytes
        case EvFrequency:
          if (int64_t(v[0]) <= 0) return Result::Odd;
          break;
        default:
          break;
      }
      if (side) side->push_back(SideRecord{type, size_t(at - data)});
      v[1] = v[2] = v[3] = v[4] = 0;
      continue;
    }
    // Written without branches on the type where that is easy: the types
    // come in no predictable order.
    const uint64_t stackValue = v[n - 1];
    v[n - 1] = info.stack ? 0 : stackValue;  // (v beyond n is 0)
    Event& e = out.emplace_back();
    e.type = type;
    e.p = st.p;
    e.offset = base + uint64_t(at - data);
    e.ts = int64_t(uint64_t(lastTs) + v[0]);
    lastTs = e.ts;
    e.args[0] = v[1];
    e.args[1] = v[2];
    e.args[2] = v[3];
    e.stack = info.stack ? uint32_t(stackValue) : 0;
    e.g = info.effect >= kStarts ? v[1] : curG;
    curG = info.effect == kStarts ? v[1] : info.effect == kStops ? 0 : curG;
    v[1] = v[2] = v[3] = v[4] = 0;
  }
  st.pos = size_t(q - data);
  st.lastTs = lastTs;
  st.curG = curG;
  return result;
}

void decodeBatchExact(TraceData& t, const BatchRef& b, int32_t p, uint64_t& curG, std::vector<Event>& out,
                      bool applyTables) {
  RawReader reader(t.data, t.base, t.version);
  reader.seek(b.pos);
  EventDecoder decoder(t);
  decoder.seed(p, curG);
  RawEvent raw;
  Event ev;
  bool gotHeader = false;
  const unsigned flags = applyTables ? 0u : unsigned(RawReader::kSkipStrings);
  while (reader.next(raw, flags, &t.strings)) {
    if (raw.type == EvNone || raw.type == EvCPUSample) continue;
    if (raw.type == EvBatch) {
      if (gotHeader) break;
      gotHeader = true;
    } else if (!applyTables && !descOf(raw.type).timed) {
      continue;
    }
    if (decoder.decode(raw, ev)) out.push_back(ev);
  }
  curG = decoder.currentG();
}

void applySideRecords(TraceData& t, const std::vector<SideRecord>& side) {
  if (side.empty()) return;
  RawReader reader(t.data, t.base, t.version);
  EventDecoder decoder(t);
  RawEvent raw;
  Event unused;
  for (const SideRecord& r : side) {
    reader.seek(r.pos);
    reader.next(raw, 0, &t.strings);  // a string record is added (or refused) here
    if (raw.type != EvNone) decoder.decode(raw, unused);
  }
}

}  // namespace gotrace::v1
