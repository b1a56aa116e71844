// Blocking profiles from a trace, as `go tool trace -pprof=KIND` makes them:
// for every stretch a goroutine spent in one state for one kind of reason,
// the stack of the event that put it there gets a count and the time.
//   net      waiting on the network poller      (reason "network")
//   sync     waiting on a channel, select, mutex (reason names chan/select/sync)
//   syscall  in a system call                   (any)
//   sched    runnable, waiting for a P          (any)
// As Go does, a stretch counts only within the goroutine's life from its first
// run on (a goroutine that never runs keeps all of its time): the wait between
// creation and first run is not scheduler latency in these profiles.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/pprof/profile.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

enum class BlockingKind : uint8_t { Net, Sync, Syscall, Sched };
std::optional<BlockingKind> parseBlockingKind(std::string_view name);
std::string_view blockingKindName(BlockingKind kind);

struct BlockingRecord {
  StackId stack = kNoStack;
  int64_t count = 0;
  int64_t nanoseconds = 0;
};

class BlockingProfiler {
 public:
  // With `keepStretches`, nothing is counted while reading: every stretch
  // is kept for countWithin() (go tool trace's region profiles).
  explicit BlockingProfiler(BlockingKind kind, bool keepStretches = false)
      : kind_(kind), keepStretches_(keepStretches) {}

  // An EventConsumer (trace/event_consumer.h): every event of the trace, in
  // order, then finish().
  void add(const Event& ev, const TraceTables& tables);
  void finish();
  // After finish(): the records, one per distinct stack, most time first.
  // Stretches still open at the end are not counted, as in Go.
  const std::vector<BlockingRecord>& records() const { return records_; }

  // With keepStretches, after finish(): the records of the kept stretches,
  // each counted for `within(goroutine, begin, end)` ns (the part of it
  // spent inside regions) when that is more than 0, whether or not the
  // goroutine had run (as go tool trace's region profiles count).
  void countWithin(const std::function<int64_t(int64_t goroutine, int64_t begin, int64_t end)>& within);

 private:
  struct Stretch {
    int64_t goroutine = kNoGoroutine;
    int64_t begin = 0;
    int64_t end = 0;
    StackId stack = kNoStack;
  };
  struct Goroutine {
    bool tracking = false;
    bool hasRun = false;        // ran since it appeared
    int64_t trackedSince = 0;
    StackId trackedStack = kNoStack;
    std::vector<Stretch> beforeFirstRun;  // kept only if it never runs
  };
  bool reasonCounts(StringId reason, const TraceTables& tables);
  void record(const Stretch& s, const TraceTables& tables) { record(s.stack, s.end - s.begin, tables); }
  void record(StackId stack, int64_t ns, const TraceTables& tables);
  void collectRecords();
  static constexpr size_t kMaxStackDepth = 128;  // Go tells stacks apart by this many PCs

  BlockingKind kind_;
  bool keepStretches_ = false;
  std::vector<Stretch> stretches_;  // with keepStretches
  std::unordered_map<int64_t, Goroutine> goroutines_;
  std::unordered_map<StackId, uint32_t> keyOfStack_;
  std::map<std::vector<uint64_t>, uint32_t> keys_;  // PCs -> key
  std::unordered_map<uint32_t, BlockingRecord> byKey_;
  std::vector<int8_t> reasonVerdict_;  // per reason string id: -1 unknown, 0 no, 1 yes
  const TraceTables* tables_ = nullptr;  // the trace's, from add()
  std::vector<BlockingRecord> records_;
};

// Profile of the records as Go writes it: sample types contentions/count and
// delay/nanoseconds, period type trace/count, one sample per stack.
pprof::Profile blockingProfile(const std::vector<BlockingRecord>& records, const TraceTables& tables);

}  // namespace gotrace
