#include "gotrace/commands/etgoroutines.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>

#include "gotrace/analysis/goroutines/goroutine_analysis.h"
#include "gotrace/base/error.h"
#include "gotrace/render/goroutine_report.h"
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

}  // namespace

int runEtgoroutines(const EtgoroutinesOptions& options, cli::Console& console) {
  std::unique_ptr<RE2> function;
  if (!options.function.empty()) {
    function = std::make_unique<RE2>(options.function, RE2::Quiet);
    if (!function->ok()) throw UsageError("-function: " + function->error());
  }
  if (function && options.goroutine >= 0) throw UsageError("give -function or -goroutine, not both");

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
    for (const auto& g : analysis.reports()) {
      if (options.json) {
        appendGoroutineJson(buf, g, tables.strings, start);
      } else {
        appendGoroutineDetail(buf, g, tables.strings, start);
      }
    }
  } else if (function) {
    const std::vector<GoroutineReport> matching = byFunction(analysis, *function, tables.strings);
    if (options.json) {
      for (const auto& g : matching) {
        appendGoroutineJson(buf, g, tables.strings, start);
        out.maybeFlush();
      }
    } else {
      appendGoroutineTable(buf, matching, tables.strings);
    }
  } else {
    const auto groups = analysis.groups(tables.strings);
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
