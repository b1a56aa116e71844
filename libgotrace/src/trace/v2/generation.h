// Loading one v2 generation: its batches grouped by thread, its string,
// stack and CPU-sample tables, its frequency and clock snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>

#include "time_conversion.h"
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/io/input.h"
#include "gotrace/trace/stack_table.h"
#include "gotrace/trace/string_table.h"
#include "v2/id_table.h"

namespace gotrace::v2 {

constexpr uint32_t kUnresolved = UINT32_MAX;

struct Batch {
  int64_t m = -1;
  uint64_t time = 0;  // ticks
  std::span<const uint8_t> data;
  uint64_t dataOffset = 0;  // input offset of data[0]
};

struct CpuSample {
  int64_t time;  // ticks while loading, nanoseconds once the generation is complete
  int64_t m, p, g;
  uint64_t stack;
  uint64_t offset;
};

struct ExperimentalData {
  uint8_t experiment;
  int64_t m;
  std::span<const uint8_t> data;
};

struct StringEntry {
  std::string_view text;
  StringId global = kUnresolved;
};

struct StackEntry {
  uint32_t begin = 0;  // into Generation::stackPcs
  uint32_t count = 0;
  StackId global = kUnresolved;
};

struct PcEntry {
  uint64_t func = 0;  // string ids of this generation
  uint64_t file = 0;
  uint64_t line = 0;
  FrameId global = kUnresolved;
};

struct Generation {
  uint64_t gen = 0;
  uint64_t minTs = 0;
  double nsPerTick = 0;  // 0: no Frequency seen
  bool hasSnapshot = false;
  uint64_t snapTime = 0, snapMono = 0, snapSec = 0, snapNsec = 0;

  std::vector<int64_t> ms;  // threads with event batches, in order of first appearance
  std::vector<std::vector<Batch>> batchesByM;
  std::unordered_map<int64_t, size_t> mIndex;

  IdTable<StringEntry> strings;
  IdTable<StackEntry> stacks;
  std::vector<uint64_t> stackPcs;
  std::unordered_map<uint64_t, PcEntry> pcs;
  std::vector<CpuSample> cpuSamples;
  std::vector<ExperimentalData> experimental;

  // Bytes of a batch read ahead while loading the previous generation.
  std::vector<uint8_t> ownedBytes;
  // Input offset where this generation's batches began to be read: the
  // input before it is no longer needed once this generation is.
  uint64_t inputStart = 0;
  // Input offset just past its batches (for progress).
  uint64_t inputEnd = 0;
  // Input offsets of the generation's bytes, [bytesBegin, bytesEnd): its
  // batches from the first one's header on and, in Go 1.26 traces, the
  // end-of-generation marker. Copied verbatim after a trace header, they
  // are a trace of their own.
  uint64_t bytesBegin = 0, bytesEnd = 0;

  // Ticks to nanoseconds, as Go computes it.
  int64_t toNs(uint64_t ticks) const { return ticksToNs(ticks, nsPerTick); }
};

// Reads generations from the input, front to back.
class GenerationLoader {
 public:
  GenerationLoader(Input& input, int versionMinor) : input_(input), version_(versionMinor) {}

  // Go 1.26 traces (explicit end-of-generation marker). Returns nullptr when
  // the input is finished.
  std::unique_ptr<Generation> readGeneration();

  // Go 1.22-1.25 traces: a generation ends where the next one's first batch
  // appears, which is kept for the next call. When reading a batch fails
  // after the generation has started, the partial generation is returned and
  // the failure in `readError`.
  struct Partial {
    std::unique_ptr<Generation> gen;
    std::optional<Error> readError;
  };
  Partial readGenerationWithSpill();
  bool hasSpill() const { return spill_.has_value(); }

 private:
  struct RawBatch {
    bool endOfGeneration = false;
    uint8_t experiment = 0;
    uint64_t gen = 0;
    int64_t m = -1;
    uint64_t time = 0;
    std::span<const uint8_t> data;
    uint64_t offset = 0;      // offset of the batch header
    uint64_t dataOffset = 0;  // offset of data[0]
  };

  // False on a clean end of input (before the first byte of a batch).
  bool readBatch(RawBatch& out);
  uint64_t readHeaderUvarint(const char* what, uint64_t batchOffset);
  void processBatch(Generation& g, const RawBatch& b);
  void finish(Generation& g);

  Input& input_;
  int version_;
  std::optional<RawBatch> spill_;
  std::vector<uint8_t> spillBytes_;
};

}  // namespace gotrace::v2
