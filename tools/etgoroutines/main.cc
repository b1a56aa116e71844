// etgoroutines: go tool trace's goroutine analysis, as text or JSON lines.
#include <re2/re2.h>

#include "gotrace/cli/tool.h"
#include "gotrace/base/error.h"
#include "gotrace/analysis/goroutines/goroutine_analysis.h"
#include "gotrace/render/goroutine_report.h"
#include "gotrace/io/output.h"
#include "gotrace/trace/trace_reader.h"

namespace {

constexpr const char* kExamples = R"(  etgoroutines -input=trace.out | less -S
  etgoroutines -input=trace.out -function='net/http.\(\*conn\).serve' | sort -k2 -h -r | head
  etgoroutines -input=trace.out -goroutine=42
  etgoroutines -input=trace.out -json | jq -c 'select(.count > 100) | {function, sched_wait_ns}'
)";

}  // namespace

int main(int argc, char** argv) {
  gotrace::cli::Tool tool("etgoroutines",
                          "Where each goroutine's time in the trace went: execution, scheduler wait, syscalls, "
                          "blocking by reason, GC assist and sweep. By default one line per start function (count "
                          "and sums, most execution first); -function lists the goroutines of matching functions, "
                          "-goroutine details one. The state times add up to the lifetime; GC assist and sweep "
                          "overlap them.",
                          kExamples);
  CLI::App& app = tool.app();
  tool.addInput("trace");
  std::string functionPattern;
  int64_t goroutine = -1;
  bool json = false;
  app.add_option("--function", functionPattern, "one line per goroutine whose start function matches this regexp");
  app.add_option("--goroutine", goroutine, "the times of this goroutine id, one per line");
  app.add_flag("--json", json, "JSON lines instead of text");

  return tool.run(argc, argv, [&]() -> int {
    std::unique_ptr<RE2> functionRe;
    if (!functionPattern.empty()) {
      functionRe = std::make_unique<RE2>(functionPattern, RE2::Quiet);
      if (!functionRe->ok()) return tool.usageError("-function: " + functionRe->error());
    }
    if (functionRe && goroutine >= 0) return tool.usageError("give -function or -goroutine, not both");

    gotrace::Input input = gotrace::Input::open(tool.inputPath());
    const std::string name = input.name();
    auto reader = gotrace::TraceReader::open(std::move(input));
    const gotrace::TraceTables& tables = reader->tables();
    std::function<bool(int64_t)> keep;
    if (goroutine >= 0) keep = [&](int64_t id) { return id == goroutine; };
    if (functionRe) keep = [](int64_t) { return true; };  // filtered by function below, once named
    gotrace::GoroutineAnalysis analysis(keep);
    auto damage = gotrace::readUntilDamage(*reader, [&](const gotrace::Event& ev) { analysis.add(ev, tables); });
    analysis.finish();

    gotrace::OutputBuffer out;
    std::string& buf = out.buffer();
    const int64_t start = analysis.traceStart();
    if (goroutine >= 0) {
      if (analysis.reports().empty()) {
        if (damage) throw damage->setFile(name);
        throw gotrace::Error("no goroutine " + std::to_string(goroutine) + " in the trace").setFile(name);
      }
      for (const auto& g : analysis.reports()) {
        if (json) gotrace::appendGoroutineJson(buf, g, tables.strings, start);
        else gotrace::appendGoroutineDetail(buf, g, tables.strings, start);
      }
    } else if (functionRe) {
      std::vector<gotrace::GoroutineReport> matching;
      for (const auto& g : analysis.reports()) {
        if (RE2::PartialMatch(tables.strings.view(g.function), *functionRe)) matching.push_back(g);
      }
      std::stable_sort(matching.begin(), matching.end(), [](const auto& a, const auto& b) {
        return a.times.lifetime > b.times.lifetime;
      });
      if (json) {
        for (const auto& g : matching) {
          gotrace::appendGoroutineJson(buf, g, tables.strings, start);
          out.maybeFlush();
        }
      } else {
        gotrace::appendGoroutineTable(buf, matching, tables.strings);
      }
    } else {
      const auto groups = analysis.groups(tables.strings);
      if (json) {
        for (const auto& g : groups) {
          gotrace::appendGroupJson(buf, g, tables.strings);
          out.maybeFlush();
        }
      } else {
        gotrace::appendGroupTable(buf, groups, tables.strings);
      }
    }
    out.flush();
    if (damage) throw damage->setFile(name);  // what came before the damage is above
    return 0;
  });
}
