#include "gotrace/analysis/goroutines/blocking_profile.h"

#include <algorithm>

#include "gotrace/analysis/stack_locations.h"
#include "gotrace/pprof/profile_builder.h"

namespace gotrace {

std::optional<BlockingKind> parseBlockingKind(std::string_view name) {
  if (name == "net") return BlockingKind::Net;
  if (name == "sync") return BlockingKind::Sync;
  if (name == "syscall") return BlockingKind::Syscall;
  if (name == "sched") return BlockingKind::Sched;
  return std::nullopt;
}

std::string_view blockingKindName(BlockingKind kind) {
  switch (kind) {
    case BlockingKind::Net: return "net";
    case BlockingKind::Sync: return "sync";
    case BlockingKind::Syscall: return "syscall";
    case BlockingKind::Sched: return "sched";
  }
  return "";
}

bool BlockingProfiler::reasonCounts(StringId reason, const TraceTables& tables) {
  if (kind_ == BlockingKind::Syscall || kind_ == BlockingKind::Sched) return true;
  if (reason >= reasonVerdict_.size()) reasonVerdict_.resize(reason + 1, -1);
  int8_t& verdict = reasonVerdict_[reason];
  if (verdict < 0) {
    const std::string_view r = tables.strings.view(reason);
    const bool counts = kind_ == BlockingKind::Net
                            ? r == "network"
                            : (r.find("chan") != r.npos || r.find("sync") != r.npos || r.find("select") != r.npos);
    verdict = counts ? 1 : 0;
  }
  return verdict == 1;
}

void BlockingProfiler::record(StackId stack, int64_t ns, const TraceTables& tables) {
  if (ns <= 0) return;  // no time: Go leaves no sample either
  // Stacks are one sample when their PCs are (no stack, an empty one and
  // one of zero PCs alike, as in Go); the sample shows the latest of them.
  auto [known, added] = keyOfStack_.try_emplace(stack, 0);
  if (added) {
    std::vector<uint64_t> pcs;
    for (FrameId f : tables.stacks.frames(stack)) {
      if (pcs.size() == kMaxStackDepth) break;
      pcs.push_back(tables.stacks.frame(f).pc);
    }
    while (!pcs.empty() && pcs.back() == 0) pcs.pop_back();
    known->second = keys_.try_emplace(std::move(pcs), uint32_t(keys_.size())).first->second;
  }
  BlockingRecord& r = byKey_[known->second];
  r.stack = stack;
  r.count++;
  r.nanoseconds += ns;
}

void BlockingProfiler::add(const Event& ev, const TraceTables& tables) {
  tables_ = &tables;
  if (ev.kind != EventKind::StateTransition || ev.transition.resource.kind != ResourceKind::Goroutine) return;
  const StateTransition& st = ev.transition;
  const GoState from = st.goFrom(), to = st.goTo();
  Goroutine& g = goroutines_[st.resource.id];

  // A goroutine appearing (created, or first named by its status) starts a
  // new life: what the previous one with this id left undecided is dropped.
  if (from != to && (from == GoState::Undetermined || from == GoState::NotExist)) {
    g.hasRun = false;
    g.beforeFirstRun.clear();
  }

  const GoState tracked = kind_ == BlockingKind::Syscall ? GoState::Syscall
                          : kind_ == BlockingKind::Sched ? GoState::Runnable
                                                         : GoState::Waiting;
  if (!g.tracking) {
    if (to == tracked && reasonCounts(st.reason, tables)) {
      g.tracking = true;
      g.trackedSince = ev.time;
      g.trackedStack = ev.stack;
    }
  } else if (to != tracked) {
    g.tracking = false;
    const Stretch s{st.resource.id, g.trackedSince, ev.time, g.trackedStack};
    if (keepStretches_) {
      stretches_.push_back(s);
    } else if (g.hasRun) {
      record(s, tables);
    } else {
      g.beforeFirstRun.push_back(s);
    }
  }

  if (from != to && to == GoState::Running && !g.hasRun) {
    g.hasRun = true;
    g.beforeFirstRun.clear();  // all of it before its first run: not counted
  }
  if (from != to && to == GoState::NotExist) {
    // Its life is over: stretches of a goroutine that never ran all count.
    if (!g.hasRun) {
      for (const Stretch& s : g.beforeFirstRun) record(s, tables);
    }
    goroutines_.erase(st.resource.id);
  }
}

void BlockingProfiler::finish() {
  // Goroutines alive at the end that never ran: all their time counts.
  for (auto& [id, g] : goroutines_) {
    if (g.hasRun) continue;
    for (const Stretch& s : g.beforeFirstRun) record(s, *tables_);
    g.beforeFirstRun.clear();
  }
  collectRecords();
}

void BlockingProfiler::countWithin(const std::function<int64_t(int64_t, int64_t, int64_t)>& within) {
  if (!tables_) return;  // no events
  byKey_.clear();
  for (const Stretch& s : stretches_) record(s.stack, within(s.goroutine, s.begin, s.end), *tables_);
  collectRecords();
}

void BlockingProfiler::collectRecords() {
  std::vector<BlockingRecord>& out = records_;
  out.clear();
  out.reserve(byKey_.size());
  for (const auto& [key, r] : byKey_) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const BlockingRecord& a, const BlockingRecord& b) {
    if (a.nanoseconds != b.nanoseconds) return a.nanoseconds > b.nanoseconds;
    return a.stack < b.stack;
  });
}

pprof::Profile blockingProfile(const std::vector<BlockingRecord>& records, const TraceTables& tables) {
  pprof::Profile base;
  base.periodType = {"trace", "count"};
  base.period = 1;
  base.sampleTypes = {{"contentions", "count"}, {"delay", "nanoseconds"}};
  pprof::ProfileBuilder builder(std::move(base));
  for (const BlockingRecord& r : records) {
    builder.addSample(stackLocations(builder, r.stack, tables), {r.count, r.nanoseconds});
  }
  return std::move(builder.profile());
}

}  // namespace gotrace
