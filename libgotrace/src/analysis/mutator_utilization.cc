#include "gotrace/analysis/mutator_utilization.h"

#include <algorithm>

namespace gotrace {
namespace {

// GOMAXPROCS beyond this is damage, not a machine: such a metric is ignored
// rather than given a proc table that size.
constexpr uint64_t kMaxProcs = uint64_t(1) << 20;

bool isGcStopTheWorld(std::string_view name) {
  return name.starts_with(model::kStopTheWorldRange) && name.find("GC") != std::string_view::npos;
}

bool executing(GoState s) { return s == GoState::Running || s == GoState::Syscall; }

}  // namespace

MutatorUtilization::MutatorUtilization(MutatorUtilizationOptions options) : options_(options) {}

// One timestamp keeps the lowest utilization it reached; an unchanged value
// adds no step.
void MutatorUtilization::record(UtilizationFunction& f, UtilizationStep step) {
  if (!f.empty()) {
    UtilizationStep& last = f.back();
    if (step.utilization == last.utilization) return;
    if (step.time == last.time) {
      if (step.utilization < last.utilization) last = step;
      return;
    }
  }
  f.push_back(step);
}

void MutatorUtilization::setGomaxprocs(int64_t time, int n) {
  if (procs_.size() > size_t(n)) {
    if (options_.perProc) {
      for (size_t i = size_t(n); i < procs_.size(); i++) record(functions_[procs_[i].function], {time, 0});
    }
    procs_.resize(size_t(n));
  }
  while (procs_.size() < size_t(n)) {
    // Per proc, every proc added starts a function of its own; otherwise
    // all share the first.
    size_t function = 0;
    if (options_.perProc || functions_.empty()) {
      function = functions_.size();
      functions_.push_back({{time, 1.0}});
    }
    procs_.push_back({0, function});
  }
  if (gomaxprocsHistory_.empty() || gomaxprocsHistory_.back().n != n) gomaxprocsHistory_.push_back({time, n});
  procsInGc_ = int(std::count_if(procs_.begin(), procs_.end(), [](const Proc& p) { return p.gc > 0; }));
  allTouched_ = true;
}

void MutatorUtilization::changeGc(int64_t proc, int delta) {
  if (!procKnown(proc)) return;
  Proc& p = procs_[size_t(proc)];
  const bool before = p.gc > 0;
  p.gc += delta;
  procsInGc_ += int(p.gc > 0) - int(before);
}

// An assist or sweep that was already running when the trace began (seen
// first as RangeActive): it held one proc all along, so each step so far
// loses one proc's share, GOMAXPROCS as it was at the step.
void MutatorUtilization::chargeSinceStart() {
  size_t h = 0;
  for (UtilizationStep& step : functions_[0]) {
    while (h + 1 < gomaxprocsHistory_.size() && gomaxprocsHistory_[h + 1].time < step.time) h++;
    const int n = gomaxprocsHistory_[h].n;
    step.utilization = n > 0 ? step.utilization - 1.0 / double(n) : 0.0;
    if (step.utilization < 0) step.utilization = 0;
  }
}

void MutatorUtilization::add(const Event& ev, const TraceTables& tables) {
  lastTime_ = ev.time;
  if (ev.kind == EventKind::Sync) syncs_ = ev.sync.n;
  if (ev.kind == EventKind::Metric && ev.metric.value <= kMaxProcs &&
      tables.strings.view(ev.metric.name) == model::kGomaxprocsMetric) {
    setGomaxprocs(ev.time, int(ev.metric.value));
  }
  // Nothing is measured before GOMAXPROCS is known.
  if (procs_.empty()) return;

  switch (ev.kind) {
    case EventKind::RangeActive: {
      // Only the first generation's in-progress ranges are news; later ones
      // repeat what was seen begin.
      if (syncs_ > 1) break;
      const std::string_view name = tables.strings.view(ev.range.name);
      bool heldSinceStart = false;
      if (options_.assist && name == model::kGcAssistRange) {
        // An assist counts only while its goroutine executes.
        heldSinceStart = executing_.contains(ev.goroutine);
      } else if (options_.sweep && name == model::kGcSweepRange) {
        heldSinceStart = true;
      }
      if (heldSinceStart && !options_.perProc) chargeSinceStart();
      [[fallthrough]];
    }
    case EventKind::RangeBegin: {
      const std::string_view name = tables.strings.view(ev.range.name);
      if (options_.stw && isGcStopTheWorld(name)) {
        stw_++;
        allTouched_ = true;
      } else if (options_.sweep && name == model::kGcSweepRange) {
        changeGc(ev.proc, +1);
      } else if (options_.assist && name == model::kGcAssistRange) {
        changeGc(ev.proc, +1);
        if (ev.range.scope.kind == ResourceKind::Goroutine) assisting_.insert(ev.range.scope.id);
      }
      break;
    }
    case EventKind::RangeEnd: {
      const std::string_view name = tables.strings.view(ev.range.name);
      if (options_.stw && isGcStopTheWorld(name)) {
        stw_--;
        allTouched_ = true;
      } else if (options_.sweep && name == model::kGcSweepRange) {
        changeGc(ev.proc, -1);
      } else if (options_.assist && name == model::kGcAssistRange) {
        changeGc(ev.proc, -1);
        if (ev.range.scope.kind == ResourceKind::Goroutine) assisting_.erase(ev.range.scope.id);
      }
      break;
    }
    case EventKind::StateTransition: {
      const StateTransition& st = ev.transition;
      if (st.resource.kind != ResourceKind::Goroutine) break;
      const int64_t g = st.resource.id;
      const bool was = executing(st.goFrom()), is = executing(st.goTo());
      // A goroutine doing GC work holds the proc it executes on.
      if (assisting_.contains(g) || workers_.contains(g)) {
        if (!was && is) changeGc(ev.proc, +1);
        if (was && !is) changeGc(ev.proc, -1);
      }
      if (is) {
        executing_.insert(g);
      } else {
        executing_.erase(g);
      }
      break;
    }
    case EventKind::Label: {
      if (!options_.background) break;
      const std::string_view label = tables.strings.view(ev.label.label);
      if (!label.starts_with("GC ") || label == "GC (idle)") break;
      if (options_.perProc && label == "GC (dedicated)") break;
      workers_.insert(ev.goroutine);
      changeGc(ev.proc, +1);
      break;
    }
    default:
      break;
  }
  recordAfter(ev);
}

void MutatorUtilization::recordAfter(const Event& ev) {
  if (!options_.perProc) {
    const int taken = stw_ > 0 ? int(procs_.size()) : procsInGc_;
    record(functions_[0], {ev.time, 1.0 - double(taken) / double(procs_.size())});
    allTouched_ = false;
    return;
  }
  // Per proc: a step for each proc whose utilization may differ from its
  // function's last step (all after a stop-the-world edge or a GOMAXPROCS
  // change; else the event's proc and those left unsettled).
  auto settled = [&](size_t i) {
    const double u = stw_ > 0 || procs_[i].gc > 0 ? 0.0 : 1.0;
    UtilizationFunction& f = functions_[procs_[i].function];
    record(f, {ev.time, u});
    return f.back().utilization == u;
  };
  std::vector<size_t>& candidates = scratch_;
  candidates.clear();
  if (allTouched_) {
    for (size_t i = 0; i < procs_.size(); i++) candidates.push_back(i);
  } else {
    candidates.assign(unsettled_.begin(), unsettled_.end());
    if (procKnown(ev.proc) && std::find(candidates.begin(), candidates.end(), size_t(ev.proc)) == candidates.end())
      candidates.push_back(size_t(ev.proc));
  }
  unsettled_.clear();
  for (size_t i : candidates) {
    if (!settled(i)) unsettled_.push_back(i);
  }
  allTouched_ = false;
}

void MutatorUtilization::finish() {
  if (!lastTime_) return;
  // Every function ends with 0 at the trace's last event.
  for (const Proc& p : procs_) record(functions_[p.function], {*lastTime_, 0});
}

}  // namespace gotrace
