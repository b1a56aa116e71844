#include "v1/batch_decoder.h"

#include <array>

#include "v1/raw_reader.h"

namespace gotrace::v1 {
namespace {

// What a timed event does to its proc's current goroutine (EventDecoder's
// rules), ordered for the tests in decode().
enum GEffect : uint8_t { kNoEffect, kStops, kStarts, kNamesG };

struct TypeInfo {
  bool timed = false;
  bool stack = false;
  GEffect effect = kNoEffect;
};

constexpr std::array<TypeInfo, 64> buildInfo() {
  std::array<TypeInfo, 64> info{};
  for (uint8_t t = 1; t < EvCount; t++) {
    const EventDesc& d = detail::kDescs[t];
    TypeInfo& i = info[t];
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
  // CPU samples are read by the index pass; here they are skipped.
  info[EvCPUSample].timed = false;
  return info;
}

constexpr std::array<TypeInfo, 64> kInfo = buildInfo();

}  // namespace

bool BatchDecoder::begin(const BatchRef& b, int32_t p, uint64_t curG, BatchState& st) const {
  const uint8_t* const data = t_.data.data();
  const uint8_t* const dataEnd = data + t_.data.size();
  Record r;
  const uint8_t* next = b.pos < t_.data.size() ? parseRecord(data + b.pos, dataEnd, t_.version, r) : nullptr;
  if (!next || r.type != EvBatch) return false;
  st.pos = size_t(next - data);
  st.end = b.end;
  st.lastTs = int64_t(r.v[1]);
  st.curG = curG;
  st.p = p;
  return true;
}

BatchDecoder::Result BatchDecoder::decode(BatchState& st, std::vector<Event>& out, size_t maxEvents) const {
  const uint8_t* const data = t_.data.data();
  const uint8_t* const dataEnd = data + t_.data.size();
  const uint8_t* const end = data + st.end;
  const int version = t_.version;
  const uint64_t base = t_.base;
  const uint8_t* q = data + st.pos;
  int64_t lastTs = st.lastTs;
  uint64_t curG = st.curG;
  Result result = Result::Done;
  Record r;
  while (q < end) {
    if (out.size() >= maxEvents) {
      result = Result::Full;
      break;
    }
    const uint8_t* const at = q;
    q = parseRecord(q, dataEnd, version, r);
    if (!q) return Result::Odd;
    const TypeInfo& info = kInfo[r.type];
    if (!info.timed) continue;  // table records, CPU samples
    // Written without branches on the type where that is easy: the types
    // come in no predictable order.
    const size_t n = r.n;
    const uint64_t stackValue = r.v[n - 1];
    r.v[n - 1] = info.stack ? 0 : stackValue;
    Event& e = out.emplace_back();
    e.type = r.type;
    e.p = st.p;
    e.offset = base + uint64_t(at - data);
    e.ts = int64_t(uint64_t(lastTs) + r.v[0]);
    lastTs = e.ts;
    e.args[0] = r.v[1];
    e.args[1] = r.v[2];
    e.args[2] = r.v[3];
    e.stack = info.stack ? uint32_t(stackValue) : 0;
    e.g = info.effect >= kStarts ? r.v[1] : curG;
    curG = info.effect == kStarts ? r.v[1] : info.effect == kStops ? 0 : curG;
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

void applySideRecords(TraceData& t, const BatchRef& b) {
  if (b.sideBegin == b.sideEnd) return;
  RawReader reader(t.data, t.base, t.version);
  EventDecoder decoder(t);
  RawEvent raw;
  Event unused;
  for (uint32_t i = b.sideBegin; i < b.sideEnd; i++) {
    reader.seek(t.side[i]);
    reader.next(raw, 0, &t.strings);  // a string record is added (or refused) here
    if (raw.type != EvNone) decoder.decode(raw, unused);
  }
}

}  // namespace gotrace::v1
