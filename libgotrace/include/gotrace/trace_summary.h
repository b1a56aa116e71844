// The canonical summary of a trace: event counts by kind, state transitions,
// distinct goroutines/procs/threads, tasks, regions, logs, ranges, metrics,
// time span. Its JSON has the fields and definitions of the corpus oracle
// (Go's own parser's summary), so the two can be compared field by field.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "gotrace/event.h"
#include "gotrace/trace.h"

namespace gotrace {

class TraceSummary {
 public:
  void add(const Event& ev);
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
  // (from, to, reason) -> count
  std::unordered_map<uint64_t, uint64_t> goReasons_;
  std::array<std::array<uint64_t, 4>, 4> procTransitions_{};
  std::unordered_set<int64_t> goroutines_, procs_, threads_;
  std::unordered_map<StringId, uint64_t> taskTypes_;
  std::unordered_map<StringId, BeginEnd> regions_, ranges_;
  std::unordered_map<StringId, uint64_t> logCategories_, metrics_;
  bool haveTime_ = false;
  int64_t minTs_ = 0, maxTs_ = 0;
  std::optional<std::string> error_;
};

}  // namespace gotrace
