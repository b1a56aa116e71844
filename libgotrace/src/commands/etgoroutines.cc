#include "gotrace/commands/etgoroutines.h"

#include <re2/re2.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <string_view>

#include "gotrace/analysis/goroutines/goroutine_analysis.h"
#include "gotrace/base/error.h"
#include "gotrace/render/goroutine_report.h"
#include "gotrace/render/time_base.h"
#include "gotrace/trace/event_consumer.h"

namespace gotrace::commands {
namespace {

// The goroutines whose start function matches, longest-lived first.
std::vector<GoroutineReport> byFunction(const GoroutineAnalysis& analysis, const RE2& function,
                                        const StringTable& strings) {
  std::vector<GoroutineReport> matching;
  for (const auto& g : analysis.reports()) {
    if (RE2::PartialMatch(strings.view(g.function), function)) matching.push_back(g);
  }
  std::stable_sort(matching.begin(), matching.end(),
                   [](const auto& a, const auto& b) { return a.times.lifetime > b.times.lifetime; });
  return matching;
}

// The fields -sort takes: the JSON fields' names without "_ns".
constexpr std::string_view kSortFields[] = {"count",         "lifetime",   "execution", "sched_wait",
                                            "syscall",       "syscall_block", "sync_block", "net_block",
                                            "other_block",   "gc_assist",  "gc_sweep"};

int64_t timeField(std::string_view field, const GoroutineTimes& t, const StringTable& strings) {
  if (field == "lifetime") return t.lifetime;
  if (field == "execution") return t.running;
  if (field == "sched_wait") return t.runnable;
  if (field == "syscall") return t.syscall;
  if (field == "syscall_block") return t.syscallBlocked;
  if (field == "gc_assist") return t.gcAssist;
  if (field == "gc_sweep") return t.gcSweep;
  const WaitingSplit w = splitWaiting(t, strings);
  if (field == "sync_block") return w.sync;
  if (field == "net_block") return w.network;
  return w.other;  // other_block
}

// Largest first; ties keep the default order.
template <typename Item, typename Key>
void sortDescending(std::vector<Item>& items, Key&& key) {
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) { return key(a) > key(b); });
}

}  // namespace

int runEtgoroutines(const EtgoroutinesOptions& options, cli::Console& console) {
  std::unique_ptr<RE2> function;
  if (!options.function.empty()) {
    function = std::make_unique<RE2>(options.function, RE2::Quiet);
    if (!function->ok()) throw UsageError("-function: " + function->error());
  }
  if (function && options.goroutine >= 0) throw UsageError("give -function or -goroutine, not both");
  if (!options.sort.empty()) {
    const bool known = std::find(std::begin(kSortFields), std::end(kSortFields), options.sort) != std::end(kSortFields);
    if (!known || (options.sort == "count" && function)) {
      throw UsageError("-sort must be one of count (per function only), lifetime, execution, sched_wait, syscall, "
                       "syscall_block, sync_block, net_block, other_block, gc_assist, gc_sweep; not '" +
                       options.sort + "'");
    }
  }

  auto reader = TraceReader::open(Input::open(options.input), options.read);
  const TraceTables& tables = reader->tables();
  std::function<bool(int64_t)> keep;
  if (options.goroutine >= 0) keep = [&](int64_t id) { return id == options.goroutine; };
  if (function) keep = [](int64_t) { return true; };  // filtered by function below, once named
  GoroutineAnalysis analysis(keep);
  const std::optional<Error> damage = readInto(*reader, analysis);

  OutputBuffer& out = console.out();
  std::string& buf = out.buffer();
  const int64_t start = analysis.traceStart();
  if (options.goroutine >= 0) {
    if (analysis.reports().empty()) {
      if (damage) throw *damage;
      throw Error("no goroutine " + std::to_string(options.goroutine) + " in the trace").setFile(reader->inputName());
    }
    // The report's "at" times (the tables hold durations only).
    if (!options.json) buf += timeBaseComment("Go durations", start);
    for (const auto& g : analysis.reports()) {
      if (options.json) {
        appendGoroutineJson(buf, g, tables.strings, start);
      } else {
        appendGoroutineDetail(buf, g, tables.strings, start);
      }
    }
  } else if (function) {
    std::vector<GoroutineReport> matching = byFunction(analysis, *function, tables.strings);
    if (!options.sort.empty()) {
      sortDescending(matching, [&](const GoroutineReport& g) { return timeField(options.sort, g.times, tables.strings); });
    }
    if (options.json) {
      for (const auto& g : matching) {
        appendGoroutineJson(buf, g, tables.strings, start);
        out.maybeFlush();
      }
    } else {
      appendGoroutineTable(buf, matching, tables.strings);
    }
  } else {
    auto groups = analysis.groups(tables.strings);
    if (options.sort == "count") {
      sortDescending(groups, [](const GoroutineGroup& g) { return g.count; });
    } else if (!options.sort.empty()) {
      sortDescending(groups, [&](const GoroutineGroup& g) { return timeField(options.sort, g.times, tables.strings); });
    }
    if (options.json) {
      for (const auto& g : groups) {
        appendGroupJson(buf, g, tables.strings);
        out.maybeFlush();
      }
    } else {
      appendGroupTable(buf, groups, tables.strings);
    }
  }
  if (damage) throw *damage;  // what came before the damage is written first
  return 0;
}

}  // namespace gotrace::commands
