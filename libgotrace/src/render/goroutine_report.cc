#include "gotrace/render/goroutine_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "gotrace/base/utf8.h"

namespace gotrace {
namespace {

std::string_view functionName(StringId f, const StringTable& strings) {
  const std::string_view name = strings.view(f);
  return name.empty() ? "(unknown)" : name;
}

// The columns both tables share, in the order of the header.
void appendTimes(std::string& out, const GoroutineTimes& t, const StringTable& strings) {
  const WaitingSplit w = splitWaiting(t, strings);
  for (int64_t ns : {t.lifetime, t.running, t.runnable, t.syscall, t.syscallBlocked, w.sync, w.network, w.other,
                     t.gcAssist, t.gcSweep}) {
    fmt::format_to(std::back_inserter(out), " {:>13}", goDuration(ns));
  }
}

constexpr const char* kTimeHeader =
    "      lifetime     execution    sched wait       syscall syscall block    sync block     net block   other block"
    "     GC assist      GC sweep";

void appendTimesJson(nlohmann::ordered_json& j, const GoroutineTimes& t, const StringTable& strings) {
  const WaitingSplit w = splitWaiting(t, strings);
  j["lifetime_ns"] = t.lifetime;
  j["execution_ns"] = t.running;
  j["sched_wait_ns"] = t.runnable;
  j["syscall_ns"] = t.syscall;
  j["syscall_block_ns"] = t.syscallBlocked;
  j["sync_block_ns"] = w.sync;
  j["net_block_ns"] = w.network;
  j["other_block_ns"] = w.other;
  nlohmann::ordered_json waiting = nlohmann::ordered_json::object();
  for (const auto& [reason, ns] : t.waiting) {
    // Reasons that coincide once made valid UTF-8 are summed.
    const std::string key = toValidUtf8(strings.view(reason));
    waiting[key] = waiting.contains(key) ? waiting[key].get<int64_t>() + ns : ns;
  }
  j["waiting_ns"] = std::move(waiting);
  j["gc_assist_ns"] = t.gcAssist;
  j["gc_sweep_ns"] = t.gcSweep;
}

nlohmann::ordered_json timeOrNull(int64_t t, int64_t traceStart) {
  return t < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t - traceStart);
}

}  // namespace

void appendGroupTable(std::string& out, const std::vector<GoroutineGroup>& groups, const StringTable& strings) {
  out += "     count";
  out += kTimeHeader;
  out += "  start function\n";
  for (const GoroutineGroup& g : groups) {
    fmt::format_to(std::back_inserter(out), "{:>10}", g.count);
    appendTimes(out, g.times, strings);
    out += "  ";
    out += functionName(g.function, strings);
    out += '\n';
  }
}

void appendGoroutineTable(std::string& out, const std::vector<GoroutineReport>& goroutines,
                          const StringTable& strings) {
  out += " goroutine";
  out += kTimeHeader;
  out += "  start function\n";
  for (const GoroutineReport& g : goroutines) {
    fmt::format_to(std::back_inserter(out), "{:>10}", g.id);
    appendTimes(out, g.times, strings);
    out += "  ";
    out += functionName(g.function, strings);
    out += '\n';
  }
}

void appendGoroutineDetail(std::string& out, const GoroutineReport& g, const StringTable& strings,
                           int64_t traceStart) {
  auto line = [&](std::string_view what, int64_t ns) { fmt::format_to(std::back_inserter(out), "  {:<24} {}\n", what, goDuration(ns)); };
  fmt::format_to(std::back_inserter(out), "goroutine {} {}\n", g.id, functionName(g.function, strings));
  line("appeared at", g.appeared - traceStart);
  if (g.firstRun >= 0) line("first ran at", g.firstRun - traceStart);
  if (g.ended >= 0) line("ended at", g.ended - traceStart);
  else out += "  still alive at the end of the trace\n";
  const GoroutineTimes& t = g.times;
  line("lifetime", t.lifetime);
  line("execution", t.running);
  line("sched wait", t.runnable);
  line("syscall", t.syscall);
  line("syscall block", t.syscallBlocked);
  for (const auto& [reason, ns] : t.waiting) line("block (" + std::string(strings.view(reason)) + ")", ns);
  line("GC assist (overlaps)", t.gcAssist);
  line("GC sweep (overlaps)", t.gcSweep);
}

void appendGroupJson(std::string& out, const GoroutineGroup& group, const StringTable& strings) {
  nlohmann::ordered_json j;
  j["function"] = toValidUtf8(strings.view(group.function));
  j["count"] = group.count;
  appendTimesJson(j, group.times, strings);
  out += j.dump();
  out += '\n';
}

void appendGoroutineJson(std::string& out, const GoroutineReport& g, const StringTable& strings, int64_t traceStart) {
  nlohmann::ordered_json j;
  j["goroutine"] = g.id;
  j["function"] = toValidUtf8(strings.view(g.function));
  j["appeared_ns"] = g.appeared - traceStart;
  j["first_run_ns"] = timeOrNull(g.firstRun, traceStart);
  j["ended_ns"] = timeOrNull(g.ended, traceStart);
  // The same in absolute trace time (etgrep's).
  j["appeared_ts"] = g.appeared;
  j["first_run_ts"] = timeOrNull(g.firstRun, 0);
  j["ended_ts"] = timeOrNull(g.ended, 0);
  appendTimesJson(j, g.times, strings);
  out += j.dump();
  out += '\n';
}

}  // namespace gotrace
