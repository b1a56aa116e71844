#include "gotrace/analysis/trace_summary.h"

#include <fmt/format.h>

#include <algorithm>

#include "gotrace/base/utf8.h"

namespace gotrace {

void TraceSummary::add(const Event& ev) {
  total_++;
  kinds_[size_t(ev.kind)]++;
  if (!haveTime_ || ev.time < minTs_) minTs_ = ev.time;
  if (!haveTime_ || ev.time > maxTs_) maxTs_ = ev.time;
  haveTime_ = true;
  if (ev.goroutine != kNoGoroutine) goroutines_.insert(ev.goroutine);
  if (ev.proc != kNoProc) procs_.insert(ev.proc);
  if (ev.thread != kNoThread) threads_.insert(ev.thread);

  switch (ev.kind) {
    case EventKind::TaskBegin:
      taskTypes_[ev.task.type]++;
      break;
    case EventKind::RegionBegin:
      regions_[ev.region.type].begin++;
      break;
    case EventKind::RegionEnd:
      regions_[ev.region.type].end++;
      break;
    case EventKind::Log:
      logCategories_[ev.log.category]++;
      break;
    case EventKind::RangeBegin:
      ranges_[ev.range.name].begin++;
      break;
    case EventKind::RangeActive:
      ranges_[ev.range.name].active++;
      break;
    case EventKind::RangeEnd:
      ranges_[ev.range.name].end++;
      break;
    case EventKind::Metric:
      metrics_[ev.metric.name]++;
      break;
    case EventKind::StateTransition: {
      const StateTransition& s = ev.transition;
      if (s.resource.kind == ResourceKind::Goroutine) {
        goTransitions_[s.from.index() % 6][s.to.index() % 6]++;
        // (from, to, reason) counted in a flat table: reason ids are dense.
        const size_t slot = size_t(s.reason) * 36 + size_t(s.from.index() % 6) * 6 + size_t(s.to.index() % 6);
        if (slot >= goReasons_.size()) goReasons_.resize(std::max(slot + 1, goReasons_.size() * 2), 0);
        goReasons_[slot]++;
        goroutines_.insert(s.resource.id);
      } else if (s.resource.kind == ResourceKind::Proc) {
        procTransitions_[s.from.index() % 4][s.to.index() % 4]++;
        procs_.insert(s.resource.id);
      }
      break;
    }
    default:
      break;
  }
}

nlohmann::ordered_json TraceSummary::toJson(const TraceVersion& version, const TraceTables& tables) const {
  using json = nlohmann::ordered_json;
  // Strings are whatever the program logged: invalid UTF-8 becomes U+FFFD, as
  // in Go's summary (names that then coincide are counted together).
  auto str = [&](StringId id) { return toValidUtf8(tables.strings.view(id)); };
  auto sorted = [&](const std::unordered_map<StringId, uint64_t>& m) {
    std::map<std::string, uint64_t> s;
    for (auto& [k, v] : m) s[str(k)] += v;
    json j = json::object();
    for (auto& [k, v] : s) j[k] = v;
    return j;
  };

  json j;
  j["header"] = version.header();
  j["go_version"] = fmt::format("1.{}", version.minor);
  j["format"] = version.format == TraceFormat::V1 ? "v1" : "v2";
  j["ok"] = !error_.has_value();
  if (error_) j["error"] = toValidUtf8(*error_);
  j["total_events"] = total_;

  std::map<std::string, uint64_t> kinds;
  for (size_t k = 0; k < kinds_.size(); k++) {
    if (kinds_[k]) kinds[std::string(kindName(EventKind(k)))] = kinds_[k];
  }
  j["kinds"] = json(kinds);

  std::map<std::string, uint64_t> goTrans, procTrans, reasons;
  for (size_t f = 0; f < 6; f++) {
    for (size_t t = 0; t < 6; t++) {
      if (goTransitions_[f][t]) {
        goTrans[fmt::format("{}->{}", stateName(GoState(f)), stateName(GoState(t)))] = goTransitions_[f][t];
      }
    }
  }
  for (size_t slot = 0; slot < goReasons_.size(); slot++) {
    if (!goReasons_[slot]) continue;
    auto from = GoState(slot % 36 / 6), to = GoState(slot % 6);
    reasons[fmt::format("{}->{}/{}", stateName(from), stateName(to), str(StringId(slot / 36)))] += goReasons_[slot];
  }
  for (size_t f = 0; f < 4; f++) {
    for (size_t t = 0; t < 4; t++) {
      if (procTransitions_[f][t]) {
        procTrans[fmt::format("{}->{}", stateName(ProcState(f)), stateName(ProcState(t)))] = procTransitions_[f][t];
      }
    }
  }
  j["goroutine_transitions"] = json(goTrans);
  j["goroutine_transition_reasons"] = json(reasons);
  j["proc_transitions"] = json(procTrans);
  j["goroutines"] = goroutines_.size();
  j["procs"] = procs_.size();
  j["threads"] = threads_.size();
  j["stack_samples"] = kinds_[size_t(EventKind::StackSample)];
  j["tasks"] = json{{"begin", kinds_[size_t(EventKind::TaskBegin)]}, {"end", kinds_[size_t(EventKind::TaskEnd)]}};
  j["task_begin_by_type"] = sorted(taskTypes_);

  auto beginEnds = [&](const std::unordered_map<StringId, BeginEnd>& m, bool withActive) {
    std::map<std::string, BeginEnd> s;
    for (auto& [k, v] : m) {
      BeginEnd& b = s[str(k)];
      b.begin += v.begin;
      b.active += v.active;
      b.end += v.end;
    }
    json out = json::object();
    for (auto& [k, v] : s) {
      out[k] = withActive ? json{{"begin", v.begin}, {"active", v.active}, {"end", v.end}}
                          : json{{"begin", v.begin}, {"end", v.end}};
    }
    return out;
  };
  j["regions"] = beginEnds(regions_, false);
  j["logs"] = kinds_[size_t(EventKind::Log)];
  j["logs_by_category"] = sorted(logCategories_);
  j["ranges"] = beginEnds(ranges_, true);
  j["metrics"] = sorted(metrics_);
  j["labels"] = kinds_[size_t(EventKind::Label)];
  j["min_ts"] = haveTime_ ? minTs_ : 0;
  j["max_ts"] = haveTime_ ? maxTs_ : 0;
  j["generations"] = kinds_[size_t(EventKind::Sync)];
  return j;
}

}  // namespace gotrace
