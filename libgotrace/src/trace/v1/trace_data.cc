#include "v1/trace_data.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "v1/event_types.h"
#include "v1/batch_decoder.h"

namespace gotrace::v1 {

void indexBatches(TraceData& t, const std::function<void(uint64_t indexed)>& progress) {
  const uint8_t* const begin = t.data.data();
  const uint8_t* const end = begin + t.data.size();
  RawReader exact(t.data, t.base, t.version);
  RawEvent raw;
  Record rec;
  int32_t curP = 0;
  bool curKnown = false;
  // The open batch, which ends where the next one begins.
  size_t openProc = 0, openBatch = 0;
  auto openRef = [&]() -> BatchRef& { return t.procs[openProc].batches[openBatch]; };
  const uint8_t* p = begin;
  uint32_t records = 0;
  while (p < end) {
    const uint8_t* const at = p;
    if (progress && (++records & 0xffff) == 0) progress(uint64_t(at - begin));
    const uint64_t offset = t.base + uint64_t(at - begin);
    uint8_t type;
    size_t values;  // what Go's index pass holds of them: only a CPU sample's
    if (const uint8_t* next = parseRecord(p, end, t.version, rec)) {
      p = next;
      type = rec.type;
      values = type == EvCPUSample && rec.c == 3 ? rec.n : 0;
    } else {
      // Go's exact reading: its error, or the record after all (then the
      // batch is read the exact way too).
      if (curKnown) openRef().odd = true;
      exact.seek(size_t(at - begin));
      if (!exact.next(raw, RawReader::kSkipArgs | RawReader::kSkipStrings, nullptr)) break;
      p = begin + exact.pos();
      type = raw.type;
      values = raw.args.size();
      for (size_t i = 0; i < values && i < 5; i++) rec.v[i] = raw.args[i];
    }
    if (type == EvString && curKnown) t.side.push_back(size_t(at - begin));
    if (type == EvString || type == EvNone) continue;
    if (type == EvBatch) {
      const int32_t bp = rec.v[0] == UINT64_MAX ? -1 : int32_t(rec.v[0]);
      auto [it, added] = t.procIndex.try_emplace(bp, uint32_t(t.procs.size()));
      if (added) t.procs.push_back(ProcStream{bp, {}});
      if (curKnown) {
        openRef().end = size_t(at - begin);
        openRef().sideEnd = uint32_t(t.side.size());
      }
      std::vector<BatchRef>& batches = t.procs[it->second].batches;
      batches.push_back(BatchRef{size_t(at - begin), t.data.size(), 0});
      batches.back().sideBegin = batches.back().sideEnd = uint32_t(t.side.size());
      openProc = it->second;
      openBatch = batches.size() - 1;
      curP = bp;
      curKnown = true;
    }
    if (!curKnown) {
      throw Error(fmt::format("read event {} with current P of {}, but P has no batches yet", type, curP), offset);
    }
    openRef().events++;
    switch (type) {
      case EvFrequency:
      case EvStack:
      case EvTimerGoroutine:
        t.side.push_back(size_t(at - begin));
        break;
      case EvCPUSample: {
        const size_t want = size_t(valueCount(EvCPUSample));
        if (values != want) {
          throw Error(fmt::format("CPU sample has wrong number of arguments: want {}, got {}", want, values), offset);
        }
        // Values: delta (ignored), time of the sample, P, G, stack.
        Event e;
        e.type = EvCPUSample;
        e.ts = int64_t(rec.v[1]);
        e.p = int32_t(rec.v[2]);
        e.g = rec.v[3];
        e.stack = uint32_t(rec.v[4]);
        e.offset = offset;
        t.cpuSamples.push_back(e);
        break;
      }
      default:
        break;
    }
  }
  if (curKnown) {
    openRef().sideEnd = uint32_t(t.side.size());
    // Go reads the last batch to the end of the data, also past where this
    // pass stopped (a UserLog whose message runs past the end).
    if (p < end) openRef().odd = true;
  }
}

std::string_view userLogMessage(const TraceData& t, uint64_t offset) {
  RawReader reader(t.data, t.base, t.version);
  reader.seek(size_t(offset - t.base));
  RawEvent raw;
  reader.next(raw, 0, nullptr);
  return raw.message;
}

bool EventDecoder::decode(const RawEvent& raw, Event& out) {
  const EventDesc& desc = descOf(raw.type);
  const size_t want = raw.type == EvStack ? raw.args.size() : size_t(valueCount(raw.type));
  if (raw.args.size() != want) {
    throw Error(fmt::format("{} has wrong number of arguments: want {}, got {}", desc.name, want, raw.args.size()),
                raw.offset);
  }
  switch (raw.type) {
    case EvBatch:
      lastGs_[lastP_] = lastG_;
      if (raw.args[0] != UINT64_MAX && raw.args[0] > uint64_t(INT32_MAX)) {
        throw Error(fmt::format("processor ID {} is larger than maximum of {}", raw.args[0], INT32_MAX), raw.offset);
      }
      lastP_ = raw.args[0] == UINT64_MAX ? -1 : int32_t(raw.args[0]);
      lastG_ = lastGs_[lastP_];
      lastTs_ = int64_t(raw.args[1]);
      return false;
    case EvFrequency:
      t_.ticksPerSec = int64_t(raw.args[0]);
      // Usually tick skew between CPUs.
      if (t_.ticksPerSec <= 0) throw Error("time stamps out of order", raw.offset);
      return false;
    case EvTimerGoroutine:
      t_.timerGoroutines.insert(raw.args[0]);
      return false;
    case EvStack: {
      if (raw.args.size() < 2) {
        throw Error(fmt::format("EvStack has wrong number of arguments: want at least 2, got {}", raw.args.size()),
                    raw.offset);
      }
      const uint64_t size = raw.args[1];
      if (size > 1000) throw Error(fmt::format("EvStack has bad number of frames: {}", size), raw.offset);
      if (raw.args.size() != 2 + 4 * size) {
        throw Error(fmt::format("EvStack has wrong number of arguments: want {}, got {}", 2 + 4 * size,
                                raw.args.size()),
                    raw.offset);
      }
      const uint32_t id = uint32_t(raw.args[0]);
      if (id != 0 && size > 0) {
        StackRef ref{uint32_t(t_.stackPcs.size()), uint32_t(size)};
        for (uint64_t i = 0; i < size; i++) {
          const uint64_t* f = &raw.args[2 + 4 * i];
          t_.stackPcs.push_back(f[0]);
          t_.pcs.try_emplace(f[0], FrameRef{f[1], f[2], int64_t(f[3])});
        }
        t_.stacks[id] = ref;
      }
      return false;
    }
    case EvCPUSample:
      return false;  // read by the index pass
    default:
      break;
  }
  out = Event();
  out.type = raw.type;
  out.p = lastP_;
  out.g = lastG_;
  out.offset = raw.offset;
  out.ts = int64_t(uint64_t(lastTs_) + raw.args[0]);
  lastTs_ = out.ts;
  const size_t n = raw.args.size();
  for (size_t i = 1; i < n; i++) {
    if (i == n - 1 && desc.stack) {
      out.stack = uint32_t(raw.args[i]);
    } else {
      out.args[i - 1] = raw.args[i];
    }
  }
  switch (raw.type) {
    case EvGoStart:
    case EvGoStartLocal:
    case EvGoStartLabel:
      lastG_ = out.args[0];
      out.g = lastG_;
      break;
    case EvGoEnd: case EvGoStop: case EvGoSched: case EvGoPreempt: case EvGoSleep: case EvGoBlock:
    case EvGoBlockSend: case EvGoBlockRecv: case EvGoBlockSelect: case EvGoBlockSync: case EvGoBlockCond:
    case EvGoBlockNet: case EvGoSysBlock: case EvGoBlockGC:
      lastG_ = 0;
      break;
    case EvGoSysExit:
    case EvGoWaiting:
    case EvGoInSyscall:
      out.g = out.args[0];
      break;
    default:
      break;
  }
  return true;
}

void EventDecoder::replay(size_t pos, int32_t p, int64_t ts, Event& out) {
  RawReader reader(t_.data, t_.base, t_.version);
  reader.seek(pos);
  reader.next(raw_, 0, &t_.strings);
  if (p != lastP_) {
    lastGs_[lastP_] = lastG_;
    lastP_ = p;
    lastG_ = lastGs_[p];
  }
  decode(raw_, out);
  out.ts = ts;  // the ordering's time (a syscall exit's may have been corrected)
}

}  // namespace gotrace::v1
