// The goroutine state machine that orders v1 events across procs: each
// event may require a goroutine (or the GC) to be in a given state and
// sequence number, and moves it to the next (Go's v1 ordering rules, spec
// section 2.6 step 3).
#pragma once

#include <array>
#include <cstdint>

#include "v1/event_types.h"
#include "v1/trace_data.h"

namespace gotrace::v1 {

enum class GStatus : uint8_t { Dead, Runnable, Running, Waiting };

struct GState {
  uint64_t seq = 0;
  GStatus status = GStatus::Dead;
};

constexpr uint64_t kUnordered = UINT64_MAX;    // goroutine key of events with no ordering constraint
constexpr uint64_t kGCKey = UINT64_MAX - 1;    // the pseudo-goroutine of GC cycles
constexpr uint64_t kAnySeq = UINT64_MAX;       // ready whatever the sequence number
constexpr uint64_t kNextSeq = UINT64_MAX - 1;  // after: the current sequence number + 1

// What an event requires of, and does to, the goroutine it orders against.
struct Transition {
  uint64_t g = kUnordered;
  GState before, after;
};

namespace detail {

// transitionOf as a table (the event types come in no predictable order,
// and a switch on them is an unpredictable jump).
struct TransitionRule {
  uint8_t key = 0;        // goroutine: 0 none (unordered), 1 the event's, 2 its first argument, 3 the GC
  uint8_t seqBefore = 0;  // 0 `before`, 1 args[1], 2 args[0], 3 any
  uint8_t seqAfter = 0;   // 0 `after`, 1 args[1] + 1, 2 args[0] + 1, 3 unchanged, 4 + 1
  GStatus statusBefore = GStatus::Dead, statusAfter = GStatus::Dead;
  uint8_t before = 0, after = 0;
};

constexpr std::array<TransitionRule, 64> buildTransitionRules() {
  using S = GStatus;
  std::array<TransitionRule, 64> r{};
  r[EvGoCreate] = {2, 0, 0, S::Dead, S::Runnable, 0, 1};
  r[EvGoWaiting] = r[EvGoInSyscall] = {1, 0, 0, S::Runnable, S::Waiting, 1, 2};
  r[EvGoStart] = r[EvGoStartLabel] = {1, 1, 1, S::Runnable, S::Running, 0, 0};
  // Emitted on the P that made the goroutine runnable: always in order.
  r[EvGoStartLocal] = {1, 3, 4, S::Runnable, S::Running, 0, 0};
  for (uint8_t t : {EvGoBlock, EvGoBlockSend, EvGoBlockRecv, EvGoBlockSelect, EvGoBlockSync, EvGoBlockCond,
                    EvGoBlockNet, EvGoSleep, EvGoSysBlock, EvGoBlockGC}) {
    r[t] = {1, 3, 3, S::Running, S::Waiting, 0, 0};
  }
  r[EvGoSched] = r[EvGoPreempt] = {1, 3, 3, S::Running, S::Runnable, 0, 0};
  r[EvGoUnblock] = r[EvGoSysExit] = {2, 1, 1, S::Waiting, S::Runnable, 0, 0};
  r[EvGoUnblockLocal] = r[EvGoSysExitLocal] = {2, 3, 4, S::Waiting, S::Runnable, 0, 0};
  r[EvGCStart] = {3, 2, 2, S::Dead, S::Dead, 0, 0};
  return r;
}

inline constexpr std::array<TransitionRule, 64> kTransitionRules = buildTransitionRules();

}  // namespace detail

inline Transition transitionOf(const Event& ev) {
  const detail::TransitionRule& r = detail::kTransitionRules[ev.type & 63];
  const uint64_t keys[4] = {kUnordered, ev.g, ev.args[0], kGCKey};
  const uint64_t before[4] = {r.before, ev.args[1], ev.args[0], kAnySeq};
  const uint64_t after[5] = {r.after, ev.args[1] + 1, ev.args[0] + 1, kAnySeq, kNextSeq};
  return Transition{keys[r.key], {before[r.seqBefore], r.statusBefore}, {after[r.seqAfter], r.statusAfter}};
}

inline bool ready(const Transition& tr, const GState& cur) {
  return tr.g == kUnordered ||
         ((tr.before.seq == kAnySeq || tr.before.seq == cur.seq) && tr.before.status == cur.status);
}

// The state after `tr`, from `cur` (which `tr` must be ready for).
inline GState after(const Transition& tr, const GState& cur) {
  GState next = tr.after;
  if (next.seq == kAnySeq) next.seq = cur.seq;
  if (next.seq == kNextSeq) next.seq = cur.seq + 1;
  return next;
}

}  // namespace gotrace::v1
