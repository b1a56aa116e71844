#include "gotrace/analysis/goroutines/goroutine_analysis.h"

#include <algorithm>

namespace gotrace {

int64_t GoroutineTimes::waitingTotal() const {
  int64_t sum = 0;
  for (const auto& [reason, ns] : waiting) sum += ns;
  return sum;
}

void GoroutineTimes::addWaiting(StringId reason, int64_t ns) {
  for (auto& [r, total] : waiting) {
    if (r == reason) {
      total += ns;
      return;
    }
  }
  waiting.emplace_back(reason, ns);
}

void GoroutineTimes::add(const GoroutineTimes& o) {
  lifetime += o.lifetime;
  running += o.running;
  runnable += o.runnable;
  syscall += o.syscall;
  syscallBlocked += o.syscallBlocked;
  for (const auto& [reason, ns] : o.waiting) addWaiting(reason, ns);
  gcAssist += o.gcAssist;
  gcSweep += o.gcSweep;
}

WaitingSplit splitWaiting(const GoroutineTimes& t, const StringTable& strings) {
  WaitingSplit s;
  for (const auto& [reason, ns] : t.waiting) {
    const std::string_view r = strings.view(reason);
    if (r == "network") {
      s.network += ns;
    } else if (r.find("chan") != r.npos || r.find("select") != r.npos || r.find("sync") != r.npos) {
      s.sync += ns;
    } else {
      s.other += ns;
    }
  }
  return s;
}

GoroutineAnalysis::Live& GoroutineAnalysis::appear(int64_t id, int64_t at) {
  if (auto it = live_.find(id); it != live_.end()) retire(id, it->second);
  Live& g = live_[id];
  g.report.id = id;
  g.report.appeared = at;
  g.since = at;
  if (listener_.appeared) listener_.appeared(id, at);
  return g;
}

GoState GoroutineAnalysis::stateOf(int64_t id) const {
  auto it = live_.find(id);
  return it == live_.end() ? GoState::Undetermined : it->second.state;
}

void GoroutineAnalysis::close(Live& g, int64_t at, StackId endStack) {
  const int64_t d = at - g.since;
  const int64_t begin = g.since;
  g.since = at;
  if (d <= 0) return;
  if (listener_.interval) {
    GoroutineInterval iv;
    iv.goroutine = g.report.id;
    iv.state = g.state;
    iv.reason = g.state == GoState::Waiting ? g.waitReason : 0;
    iv.syscallBlocked = g.state == GoState::Syscall && g.syscallLostP;
    iv.begin = begin;
    iv.end = at;
    iv.stack = g.state == GoState::Running && endStack != kNoStack ? endStack : g.stateStack;
    iv.proc = g.stateProc;
    iv.thread = g.stateThread;
    listener_.interval(iv);
  }
  GoroutineTimes& t = g.report.times;
  switch (g.state) {
    case GoState::Running: t.running += d; break;
    case GoState::Runnable: t.runnable += d; break;
    case GoState::Waiting: t.addWaiting(g.waitReason, d); break;
    case GoState::Syscall: (g.syscallLostP ? t.syscallBlocked : t.syscall) += d; break;
    case GoState::Undetermined:
    case GoState::NotExist: break;
  }
}

// The goroutine's life is over (or the trace is): its times are final.
void GoroutineAnalysis::retire(int64_t id, Live& g) {
  const int64_t at = g.report.ended >= 0 ? g.report.ended : lastTime_;
  close(g, at);
  GoroutineTimes& t = g.report.times;
  if (g.assistSince >= 0) t.gcAssist += at - g.assistSince;
  if (g.sweepSince >= 0) t.gcSweep += at - g.sweepSince;
  t.lifetime = at - g.report.appeared;
  GoroutineGroup& group = groups_[g.report.function];
  group.function = g.report.function;
  group.count++;
  group.times.add(t);
  if (listener_.retired) listener_.retired(g.report);
  if (keep_ && keep_(id)) reports_.push_back(std::move(g.report));
  if (g.state == GoState::Syscall && g.proc != kNoProc) {
    if (auto it = syscallOnProc_.find(g.proc); it != syscallOnProc_.end() && it->second == id) syscallOnProc_.erase(it);
  }
  live_.erase(id);
}

void GoroutineAnalysis::add(const Event& ev, const TraceTables& tables) {
  if (!started_) {
    started_ = true;
    traceStart_ = tables.traceStart.value_or(ev.time);
    syncTime_ = ev.time;
  }
  lastTime_ = ev.time;
  switch (ev.kind) {
    case EventKind::Sync:
      syncTime_ = ev.time;
      break;
    case EventKind::StateTransition: {
      const StateTransition& st = ev.transition;
      if (st.from == st.to) break;  // says nothing new
      if (st.resource.kind == ResourceKind::Proc) {
        // A P going idle under a goroutine in a syscall: the call blocked and
        // the P was taken away; from here the goroutine waits in the kernel.
        if (st.procTo() != ProcState::Idle) break;
        auto it = syscallOnProc_.find(st.resource.id);
        if (it == syscallOnProc_.end()) break;
        if (auto g = live_.find(it->second); g != live_.end() && g->second.state == GoState::Syscall) {
          close(g->second, ev.time);
          g->second.syscallLostP = true;
        }
        syscallOnProc_.erase(it);
        break;
      }
      if (st.resource.kind != ResourceKind::Goroutine) break;
      const int64_t id = st.resource.id;
      Live* g;
      if (st.goFrom() == GoState::Undetermined) {
        // First seen in its generation's status: there since the generation began.
        g = &appear(id, syncTime_);
      } else if (st.goFrom() == GoState::NotExist || !live_.count(id)) {
        g = &appear(id, ev.time);
      } else {
        g = &live_[id];
        close(*g, ev.time, st.stack);
        if (g->state == GoState::Syscall && g->proc != kNoProc) {
          if (auto it = syscallOnProc_.find(g->proc); it != syscallOnProc_.end() && it->second == id) {
            syscallOnProc_.erase(it);
          }
        }
      }
      if (!g->named) {
        const auto frames = tables.stacks.frames(st.stack);
        if (!frames.empty()) {
          g->report.function = tables.stacks.frame(frames.back()).func;
          g->named = !tables.strings.view(g->report.function).empty();
          if (g->named && listener_.named) listener_.named(id, g->report.function);
        }
      }
      g->state = st.goTo();
      g->stateStack = tables.stacks.frames(st.stack).empty() ? kNoStack : st.stack;
      g->stateProc = ev.proc;
      g->stateThread = ev.thread;
      switch (g->state) {
        case GoState::Running:
          if (g->report.firstRun < 0) g->report.firstRun = ev.time;
          break;
        case GoState::Waiting:
          g->waitReason = st.reason;
          if (tables.strings.view(st.reason) == "forever") {  // blocked for good: over
            g->report.ended = ev.time;
            retire(id, *g);
          }
          break;
        case GoState::Syscall:
          g->proc = ev.proc;
          g->syscallLostP = ev.proc == kNoProc;
          if (ev.proc != kNoProc) syscallOnProc_[ev.proc] = id;
          break;
        case GoState::NotExist:
          g->report.ended = ev.time;
          retire(id, *g);
          break;
        default:
          break;
      }
      break;
    }
    case EventKind::RangeBegin:
    case EventKind::RangeActive:
    case EventKind::RangeEnd: {
      const std::string_view name = tables.strings.view(ev.range.name);
      const bool assist = name == model::kGcAssistRange, sweep = name == model::kGcSweepRange;
      if (!assist && !sweep) break;
      const bool begin = ev.kind != EventKind::RangeEnd;
      // A range already under way when its generation began counts from then.
      const int64_t at = ev.kind == EventKind::RangeActive ? syncTime_ : ev.time;
      if (assist && ev.range.scope.kind == ResourceKind::Goroutine) {
        auto it = live_.find(ev.range.scope.id);
        if (it == live_.end()) break;
        int64_t& since = it->second.assistSince;
        if (begin) {
          if (since < 0) since = at;
        } else if (since >= 0) {
          it->second.report.times.gcAssist += ev.time - since;
          since = -1;
        }
      } else if (sweep && ev.range.scope.kind == ResourceKind::Proc) {
        // Sweeping is the P's, but counts for the goroutine when it began and
        // ended on the same one.
        const int64_t p = ev.range.scope.id;
        if (begin) {
          auto it = live_.find(ev.goroutine);
          if (it == live_.end()) break;
          sweepOnProc_[p] = ev.goroutine;
          if (it->second.sweepSince < 0) it->second.sweepSince = at;
        } else if (auto on = sweepOnProc_.find(p); on != sweepOnProc_.end()) {
          const int64_t gid = on->second;
          sweepOnProc_.erase(on);
          auto it = live_.find(gid);
          if (it == live_.end() || it->second.sweepSince < 0) break;
          if (gid == ev.goroutine) it->second.report.times.gcSweep += ev.time - it->second.sweepSince;
          it->second.sweepSince = -1;
        }
      }
      break;
    }
    default:
      break;
  }
}

void GoroutineAnalysis::finish() {
  while (!live_.empty()) {
    auto it = live_.begin();
    retire(it->first, it->second);
  }
  std::sort(reports_.begin(), reports_.end(),
            [](const GoroutineReport& a, const GoroutineReport& b) { return a.id < b.id; });
}

std::vector<GoroutineGroup> GoroutineAnalysis::groups(const StringTable& strings) const {
  std::vector<GoroutineGroup> out;
  out.reserve(groups_.size());
  for (const auto& [f, g] : groups_) out.push_back(g);
  // As go tool trace's goroutine page: most execution time first.
  std::sort(out.begin(), out.end(), [&](const GoroutineGroup& a, const GoroutineGroup& b) {
    if (a.times.running != b.times.running) return a.times.running > b.times.running;
    return strings.view(a.function) < strings.view(b.function);
  });
  return out;
}

void appendGoDuration(std::string& out, int64_t ns) {
  if (ns == 0) {
    out += "0s";
    return;
  }
  if (ns < 0) {
    out += '-';
    ns = -ns;  // durations here never reach INT64_MIN
  }
  // Whole part and up to `digits` fraction digits, trailing zeros dropped.
  auto fixed = [&](int64_t whole, int64_t fraction, int digits) {
    out += std::to_string(whole);
    std::string f = std::to_string(fraction);
    f.insert(0, size_t(digits) - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    if (!f.empty()) out += '.' + f;
  };
  if (ns < 1000) {
    out += std::to_string(ns) + "ns";
  } else if (ns < 1000000) {
    fixed(ns / 1000, ns % 1000, 3);
    out += "µs";
  } else if (ns < 1000000000) {
    fixed(ns / 1000000, ns % 1000000, 6);
    out += "ms";
  } else {
    const int64_t seconds = ns / 1000000000;
    if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
    if (seconds >= 60) out += std::to_string(seconds / 60 % 60) + "m";
    fixed(seconds % 60, ns % 1000000000, 9);
    out += 's';
  }
}

std::string goDuration(int64_t ns) {
  std::string s;
  appendGoDuration(s, ns);
  return s;
}

}  // namespace gotrace
