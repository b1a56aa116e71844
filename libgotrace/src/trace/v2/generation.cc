#include "v2/generation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gotrace/io/varint.h"
#include "time_conversion.h"
#include "v2/wire_spec.h"

namespace gotrace::v2 {
namespace {

constexpr uint64_t kMaxBatchSize = 65536;
constexpr uint64_t kMaxStringSize = 1024;
constexpr uint64_t kMaxFramesPerStack = 128;

// Reads the records of a structural batch (strings, stacks, samples, sync)
// with the error texts of Go's byte reader.
class RecordReader {
 public:
  RecordReader(std::span<const uint8_t> data, uint64_t baseOffset)
      : p_(data.data()), begin_(data.data()), end_(data.data() + data.size()), base_(baseOffset) {}

  bool done() const { return p_ >= end_; }
  uint64_t offset() const { return base_ + uint64_t(p_ - begin_); }
  uint8_t byte() { return *p_++; }

  // Go's binary.ReadUvarint: "EOF" if nothing is left, "unexpected EOF"
  // if the input ends inside the varint.
  uint64_t uvarint() {
    return uvarint([] { return std::string(); });
  }
  // `context()` names what was being read, in the error only (it is made
  // only then: stacks have millions of frames).
  template <typename Context>
  uint64_t uvarint(Context&& context) {
    uint64_t v = 0;
    int n = io::decodeUvarint(p_, end_, v);
    if (n > 0) {
      p_ += n;
      return v;
    }
    std::string why;
    if (n < 0) {
      why = "binary: varint overflows a 64-bit integer";
    } else {
      why = p_ >= end_ ? "EOF" : "unexpected EOF";
    }
    const std::string what = context();
    throw Error(what.empty() ? why : what + ": " + why, offset());
  }

  // Up to n bytes.
  std::span<const uint8_t> take(uint64_t n) {
    size_t have = size_t(end_ - p_);
    size_t k = n < have ? size_t(n) : have;
    std::span<const uint8_t> s(p_, k);
    p_ += k;
    return s;
  }

 private:
  const uint8_t* p_;
  const uint8_t* begin_;
  const uint8_t* end_;
  uint64_t base_;
};

std::string formatPcs(const Generation& g, const StackEntry& s) {
  std::string out = "{[";
  for (uint32_t i = 0; i < s.count; i++) {
    if (i) out += ' ';
    out += std::to_string(g.stackPcs[s.begin + i]);
  }
  return out + "]}";
}

void addStrings(Generation& g, std::span<const uint8_t> data, uint64_t dataOffset) {
  RecordReader r(data.subspan(1), dataOffset + 1);
  while (!r.done()) {
    uint64_t at = r.offset();
    uint8_t ev = r.byte();
    if (ev != EvString) throw Error(fmt::format("expected string event, got {}", ev), at);
    uint64_t id = r.uvarint();
    uint64_t len = r.uvarint();
    if (len > kMaxStringSize) {
      throw Error(fmt::format("invalid string size {}, maximum is {}", len, kMaxStringSize), at);
    }
    auto bytes = r.take(len);
    if (bytes.size() != len) {
      throw Error(fmt::format("failed to read full string: read {} but wanted {}", bytes.size(), len), at);
    }
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const StringEntry* existing = id == 0 ? nullptr : g.strings.get(id);
    if (id == 0 || existing) {
      throw Error(fmt::format("multiple strings with the same ID: id={}, new={}, existing={}", id, text,
                              existing ? existing->text : std::string_view()),
                  at);
    }
    g.strings.insert(id, StringEntry{text});
  }
}

void addStacks(Generation& g, std::span<const uint8_t> data, uint64_t dataOffset) {
  RecordReader r(data.subspan(1), dataOffset + 1);
  while (!r.done()) {
    uint64_t at = r.offset();
    uint8_t ev = r.byte();
    if (ev != EvStack) throw Error(fmt::format("expected stack event, got {}", ev), at);
    uint64_t id = r.uvarint();
    uint64_t nframes = r.uvarint();
    if (nframes > kMaxFramesPerStack) {
      throw Error(fmt::format("invalid stack size {}, maximum is {}", nframes, kMaxFramesPerStack), at);
    }
    StackEntry entry{uint32_t(g.stackPcs.size()), uint32_t(nframes)};
    for (uint64_t i = 0; i < nframes; i++) {
      uint64_t pc = r.uvarint([&] { return fmt::format("reading frame {}'s PC for stack {}", i + 1, id); });
      uint64_t func = r.uvarint([&] { return fmt::format("reading frame {}'s funcID for stack {}", i + 1, id); });
      uint64_t file = r.uvarint([&] { return fmt::format("reading frame {}'s fileID for stack {}", i + 1, id); });
      uint64_t line = r.uvarint([&] { return fmt::format("reading frame {}'s line for stack {}", i + 1, id); });
      g.stackPcs.push_back(pc);
      g.pcs.try_emplace(pc, PcEntry{func, file, line});  // the first frame seen for a PC wins
    }
    const StackEntry* existing = id == 0 ? nullptr : g.stacks.get(id);
    if (id == 0 || existing) {
      StackEntry none;
      throw Error(fmt::format("multiple trace.stacks with the same ID: id={}, new={}, existing={}", id,
                              formatPcs(g, entry), formatPcs(g, existing ? *existing : none)),
                  at);
    }
    g.stacks.insert(id, entry);
  }
}

void addCpuSamples(Generation& g, std::span<const uint8_t> data, uint64_t dataOffset) {
  RecordReader r(data.subspan(1), dataOffset + 1);
  while (!r.done()) {
    uint64_t at = r.offset();
    uint8_t ev = r.byte();
    if (ev != EvCPUSample) throw Error(fmt::format("expected CPU sample event, got {}", ev), at);
    CpuSample s{};
    s.time = int64_t(r.uvarint());
    s.m = int64_t(r.uvarint());
    s.p = int64_t(r.uvarint());
    uint64_t goid = r.uvarint();
    s.g = goid == 0 ? -1 : int64_t(goid);
    s.stack = r.uvarint();
    s.offset = at;
    g.cpuSamples.push_back(s);
  }
}

void setSync(Generation& g, std::span<const uint8_t> data, uint64_t dataOffset, uint64_t batchTime,
             int version) {
  // Before Go 1.25 the batch is just the Frequency record; later ones start
  // with a Sync byte followed by Frequency and ClockSnapshot records.
  size_t skip = version >= 25 ? 1 : 0;
  RecordReader r(data.subspan(skip), dataOffset + skip);
  uint64_t lastTs = batchTime;
  while (!r.done()) {
    uint64_t at = r.offset();
    uint8_t ev = r.byte();
    if (ev == EvFrequency) {
      if (g.nsPerTick != 0) throw Error("found multiple frequency events", at);
      uint64_t freq = r.uvarint();
      g.nsPerTick = 1.0 / (double(freq) / 1e9);
    } else if (ev == EvClockSnapshot && version >= 25) {
      if (g.hasSnapshot) throw Error("found multiple clock snapshot events", at);
      g.hasSnapshot = true;
      lastTs += r.uvarint();
      g.snapTime = lastTs;
      g.snapMono = r.uvarint();
      g.snapSec = r.uvarint();
      g.snapNsec = r.uvarint();
    } else {
      throw Error(fmt::format("expected frequency or clock snapshot event, got {}", ev), at);
    }
  }
}

}  // namespace


uint64_t GenerationLoader::readHeaderUvarint(const char* what, uint64_t batchOffset) {
  uint64_t x = 0;
  unsigned shift = 0;
  for (int i = 0;; i++) {
    int b = input_.readByte();
    if (b < 0) {
      throw Error(fmt::format("error reading batch {}: {}", what, i == 0 ? "EOF" : "unexpected EOF"),
                  batchOffset);
    }
    if (i == 9 && b > 1) {
      throw Error(fmt::format("error reading batch {}: binary: varint overflows a 64-bit integer", what),
                  batchOffset);
    }
    if (b < 0x80) return x | uint64_t(b) << shift;
    x |= uint64_t(b & 0x7f) << shift;
    shift += 7;
  }
}

bool GenerationLoader::readBatch(RawBatch& out) {
  out = RawBatch{};
  out.offset = input_.offset();
  int type = input_.readByte();
  if (type < 0) return false;
  if (type == EvEndOfGeneration) {
    out.endOfGeneration = true;
    return true;
  }
  if (type != EvEventBatch && type != EvExperimentalBatch) {
    throw Error(fmt::format("expected batch event, got event {}", type), out.offset);
  }
  if (type == EvExperimentalBatch) {
    int exp = input_.readByte();
    if (exp < 0) return false;  // Go's reader takes this as the end of the trace
    out.experiment = uint8_t(exp);
  }
  out.gen = readHeaderUvarint("gen", out.offset);
  out.m = int64_t(readHeaderUvarint("M ID", out.offset));
  out.time = readHeaderUvarint("timestamp", out.offset);
  uint64_t size = readHeaderUvarint("size", out.offset);
  if (size > kMaxBatchSize) {
    throw Error(fmt::format("invalid batch size {}, maximum is {}", size, kMaxBatchSize), out.offset);
  }
  out.dataOffset = input_.offset();
  out.data = input_.read(size_t(size));
  if (out.data.size() != size) {
    throw Error(fmt::format("failed to read full batch: read {} but wanted {}", out.data.size(), size),
                out.offset);
  }
  return true;
}

void GenerationLoader::processBatch(Generation& g, const RawBatch& b) {
  if (b.experiment != 0) {
    g.experimental.push_back({b.experiment, b.m, b.data});
    return;
  }
  uint8_t first = b.data.empty() ? 0 : b.data[0];
  if (!b.data.empty()) {
    if (first == EvStrings) return addStrings(g, b.data, b.dataOffset);
    if (first == EvStacks) return addStacks(g, b.data, b.dataOffset);
    if (first == EvCPUSamples) return addCpuSamples(g, b.data, b.dataOffset);
    if ((first == EvFrequency && version_ < 25) || (first == EvSync && version_ >= 25)) {
      return setSync(g, b.data, b.dataOffset, b.time, version_);
    }
  }
  auto [it, added] = g.mIndex.try_emplace(b.m, g.ms.size());
  if (added) {
    g.ms.push_back(b.m);
    g.batchesByM.emplace_back();
  }
  g.batchesByM[it->second].push_back(Batch{b.m, b.time, b.data, b.dataOffset});
}

void GenerationLoader::finish(Generation& g) {
  const uint64_t at = input_.offset();
  if (g.nsPerTick == 0) throw Error("no frequency event found", at);
  if (version_ >= 25 && !g.hasSnapshot) throw Error("no clock snapshot event found", at);
  g.strings.compact();
  g.stacks.compact();
  g.stacks.forEach([&](uint64_t id, const StackEntry& s) {
    for (uint32_t i = 0; i < s.count; i++) {
      uint64_t pc = g.stackPcs[s.begin + i];
      const PcEntry& f = g.pcs.at(pc);
      if (f.func != 0 && !g.strings.contains(f.func)) {
        throw Error(fmt::format("found invalid func string ID {} for stack {}", f.func, id), at);
      }
      if (f.file != 0 && !g.strings.contains(f.file)) {
        throw Error(fmt::format("found invalid file string ID {} for stack {}", f.file, id), at);
      }
    }
  });
  for (CpuSample& s : g.cpuSamples) s.time = g.toNs(uint64_t(s.time));
  std::stable_sort(g.cpuSamples.begin(), g.cpuSamples.end(),
                   [](const CpuSample& a, const CpuSample& b) { return a.time < b.time; });
}

std::unique_ptr<Generation> GenerationLoader::readGeneration() {
  auto g = std::make_unique<Generation>();
  g->inputStart = input_.offset();
  g->bytesBegin = g->inputStart;
  RawBatch b;
  for (;;) {
    if (!readBatch(b)) {
      if (!g->ms.empty()) {
        throw Error("incomplete generation found; trace likely truncated", input_.offset());
      }
      return nullptr;
    }
    if (g->gen == 0) g->gen = b.gen;
    if (b.endOfGeneration) {
      g->bytesEnd = input_.offset();
      break;
    }
    if (b.gen == 0) throw Error("invalid generation number 0", b.offset);
    if (b.gen != g->gen) {
      throw Error("broken trace: missing end-of-generation event, or generations are interleaved", b.offset);
    }
    if (g->minTs == 0 || b.time < g->minTs) g->minTs = b.time;
    processBatch(*g, b);
  }
  g->inputEnd = input_.offset();
  finish(*g);
  return g;
}

GenerationLoader::Partial GenerationLoader::readGenerationWithSpill() {
  Partial result;
  auto g = std::make_unique<Generation>();
  g->inputStart = input_.offset();
  g->bytesBegin = g->inputStart;
  if (spill_) {
    g->bytesBegin = spill_->offset;
    // The spilled batch's bytes move into the generation that owns them.
    g->ownedBytes = std::move(spillBytes_);
    spillBytes_.clear();
    RawBatch b = *spill_;
    b.data = std::span<const uint8_t>(g->ownedBytes.data(), g->ownedBytes.size());
    spill_.reset();
    g->gen = b.gen;
    g->minTs = b.time;
    processBatch(*g, b);
  }
  RawBatch b;
  for (;;) {
    g->bytesEnd = input_.offset();  // where the next batch (if any) begins
    try {
      if (!readBatch(b)) break;
    } catch (const Error& e) {
      if (g->gen != 0) {
        // Possibly a damaged first batch of the next generation: what was
        // read so far is delivered first.
        result.readError = e;
        break;
      }
      throw;
    }
    if (b.endOfGeneration || b.gen == 0) throw Error("invalid generation number 0", b.offset);
    if (g->gen == 0) g->gen = b.gen;
    if (b.gen == g->gen + 1) {
      spillBytes_.assign(b.data.begin(), b.data.end());
      spill_ = b;
      break;
    }
    if (b.gen != g->gen) throw Error("generations out of order", b.offset);
    if (g->minTs == 0 || b.time < g->minTs) g->minTs = b.time;
    processBatch(*g, b);
  }
  g->inputEnd = input_.offset();
  finish(*g);
  result.gen = std::move(g);
  return result;
}

}  // namespace gotrace::v2
