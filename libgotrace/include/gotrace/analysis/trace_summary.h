// The canonical summary of a trace: event counts by kind, state transitions,
// distinct goroutines/procs/threads, tasks, regions, logs, ranges, metrics,
// time span. Its JSON has the fields and definitions of the corpus oracle
// (Go's own parser's summary), so the two can be compared field by field.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "gotrace/trace/event.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// A set of ids that counts distinct members: a growing bitmap for the small,
// dense ids goroutines, procs and threads usually have, a hash set for the rest.
class DistinctIds {
 public:
  void insert(int64_t id) {
    if (id == last_) return;  // events come in runs of one goroutine, proc, thread
    last_ = id;
    if (id >= 0 && id < kDenseLimit) {
      size_t word = size_t(id) >> 6;
      if (word >= bits_.size()) bits_.resize(std::max(word + 1, bits_.size() * 2), 0);
      uint64_t mask = uint64_t(1) << (id & 63);
      if (!(bits_[word] & mask)) {
        bits_[word] |= mask;
        dense_++;
      }
      return;
    }
    sparse_.insert(id);
  }
  size_t size() const { return dense_ + sparse_.size(); }

 private:
  static constexpr int64_t kDenseLimit = int64_t(1) << 28;  // at most 32 MiB of bitmap
  std::vector<uint64_t> bits_;
  size_t dense_ = 0;
  int64_t last_ = INT64_MIN;
  std::unordered_set<int64_t> sparse_;
};

class TraceSummary {
 public:
  // Needs no strings or stacks while it counts: etgrep feeds it on another
  // core (trace/event_pipeline.h). Also an EventConsumer.
  void add(const Event& ev);
  void add(const Event& ev, const TraceTables&) { add(ev); }
  void finish() {}
  // Records that reading stopped with an error.
  void fail(std::string error) { error_ = std::move(error); }

  uint64_t totalEvents() const { return total_; }

  nlohmann::ordered_json toJson(const TraceVersion& version, const TraceTables& tables) const;

 private:
  struct BeginEnd {
    uint64_t begin = 0, active = 0, end = 0;
  };

  uint64_t total_ = 0;
  std::array<uint64_t, kEventKindCount> kinds_{};
  std::array<std::array<uint64_t, 6>, 6> goTransitions_{};
  // reason * 36 + from * 6 + to -> count
  std::vector<uint64_t> goReasons_;
  std::array<std::array<uint64_t, 4>, 4> procTransitions_{};
  DistinctIds goroutines_, procs_, threads_;
  std::unordered_map<StringId, uint64_t> taskTypes_;
  std::unordered_map<StringId, BeginEnd> regions_, ranges_;
  std::unordered_map<StringId, uint64_t> logCategories_, metrics_;
  bool haveTime_ = false;
  int64_t minTs_ = 0, maxTs_ = 0;
  std::optional<std::string> error_;
};

}  // namespace gotrace
