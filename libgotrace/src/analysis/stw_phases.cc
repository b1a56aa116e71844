#include "gotrace/analysis/stw_phases.h"

#include <fmt/format.h>

#include <algorithm>

namespace gotrace {

std::string_view stwPhaseName(StwPhase phase) {
  switch (phase) {
    case StwPhase::PreStop: return "pre-stop";
    case StwPhase::Stopped: return "stopped";
    case StwPhase::PostStop: return "post-stop";
  }
  return "?";
}

StwAnalyzer::StwAnalyzer(int64_t graceNs, std::function<void(const StwPause&)> onPause)
    : grace_(graceNs), onPause_(std::move(onPause)) {}

namespace {

constexpr std::string_view kStw = model::kStopTheWorldRange;

bool isStw(const Event& ev, const TraceTables& tables, std::string& reason) {
  const std::string_view name = tables.strings.view(ev.range.name);
  if (!name.starts_with(kStw) || (name.size() > kStw.size() && name[kStw.size()] != ' ')) return false;
  std::string_view r = name.substr(kStw.size());
  while (!r.empty() && (r.front() == ' ' || r.front() == '(')) r.remove_prefix(1);
  if (!r.empty() && r.back() == ')') r.remove_suffix(1);
  reason = std::string(r);
  return true;
}

}  // namespace

void StwAnalyzer::add(const Event& ev, const TraceTables& tables) {
  std::string reason;
  switch (ev.kind) {
    case EventKind::StateTransition: {
      if (ev.transition.resource.kind != ResourceKind::Proc) return;
      const bool executing = ev.transition.procTo() == ProcState::Running;
      if (executing) {
        executing_.insert(ev.transition.resource.id);
      } else {
        executing_.erase(ev.transition.resource.id);
      }
      if (!active_ || resumed_) return;
      // The world has settled: one proc (the initiator's) runs.
      if (!executing && executing_.size() == 1) {
        pause_.idle = ev.time;
        pause_.settled = true;
      } else if (executing && pause_.settled) {
        pause_.resume = ev.time;
        resumed_ = true;
      }
      return;
    }
    case EventKind::RangeBegin:
    case EventKind::RangeActive:
      if (!isStw(ev, tables, reason)) return;
      if (active_) {
        warnings_.push_back(fmt::format("a stop-the-world pause ({}) began at {} during another ({}, from {}); the "
                                        "earlier one is dropped",
                                        reason, ev.time, pause_.reason, pause_.request));
      }
      active_ = true;
      resumed_ = false;
      pending_.clear();
      pause_ = StwPause{};
      pause_.reason = reason;
      pause_.request = ev.time;
      pause_.inProgressAtStart = ev.kind == EventKind::RangeActive;
      pause_.initiator = ev.goroutine;
      if (executing_.size() == 1) {
        pause_.idle = ev.time;
        pause_.settled = true;
      }
      return;
    case EventKind::RangeEnd:
      if (active_ && isStw(ev, tables, reason)) endPause(ev.time);
      return;
    case EventKind::StackSample:
      if (active_) pending_.push_back({StwPhase::PreStop, ev.time, 0, ev.goroutine, ev.stack});
      return;
    default:
      return;
  }
}

void StwAnalyzer::endPause(int64_t end) {
  StwPause& p = pause_;
  p.end = end;
  if (!p.settled) p.idle = p.request;  // never seen settled: no pre-stop phase
  if (!resumed_) p.resume = end;
  p.samplesDuring = pending_.size();
  std::stable_sort(pending_.begin(), pending_.end(), [](const StwSample& a, const StwSample& b) { return a.time < b.time; });
  const std::pair<StwPhase, std::pair<int64_t, int64_t>> phases[] = {
      {StwPhase::PreStop, {p.request, p.idle}}, {StwPhase::Stopped, {p.idle, p.resume}}, {StwPhase::PostStop, {p.resume, p.end}}};
  for (StwSample s : pending_) {
    for (const auto& [phase, bounds] : phases) {
      // Phases are half-open: a sample at a boundary belongs to the later one.
      if (s.time < bounds.first || s.time >= bounds.second) continue;
      s.phase = phase;
      s.offset = s.time - bounds.first;
      if (s.offset >= grace_) p.samples.push_back(s);
      break;
    }
  }
  onPause_(p);
  active_ = false;
  resumed_ = false;
  pending_.clear();
}

}  // namespace gotrace
