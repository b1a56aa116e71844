#include "gotrace/analysis/match/event_match.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "gotrace/base/error.h"
#include "../../support/trace_run.h"

namespace gotrace {
namespace {

std::string parseError(std::string_view text) {
  try {
    EventMatcher::parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(EventMatcher, RoundTrips) {
  for (const char* text : {"StateTransition \"**\"", "StateTransition \"^net/http...conn..serve$\" \"**\"",
                           "Any \"**\" \"^syscall.write$\""}) {
    EXPECT_EQ(EventMatcher::parse(text).toString(), text);
  }
  EXPECT_EQ(EventMatcher::parse("RangeBegin").toString(), "RangeBegin **");
  EXPECT_EQ(EventMatcher::parse("Any `raw\\.re`").toString(), "Any \"raw\\\\.re\"");
}

TEST(EventMatcher, Errors) {
  // An unknown name lists the valid ones.
  const std::string bogus = parseError("Bogus \"**\"");
  EXPECT_EQ(bogus.rfind("invalid trace event name \"Bogus\": want Any, Sync, Metric, Label, StackSample, ", 0), 0u)
      << bogus;
  EXPECT_NE(bogus.find(", StateTransition, Experimental; or a v1 name: Gomaxprocs ProcStart"), std::string::npos);
  EXPECT_NE(bogus.find(" GoBlockSync "), std::string::npos);
  EXPECT_EQ(parseError("").rfind("invalid trace event name \"\": want Any, ", 0), 0u);
  EXPECT_EQ(parseError("Bad").rfind("invalid trace event name \"Bad\": want Any, ", 0), 0u);
  EXPECT_EQ(parseError("FutileWakeup"),
            "trace event name \"FutileWakeup\" (of v1 traces) has no events in the event model");
  EXPECT_EQ(parseError("StateTransition oops").rfind("invalid stack matcher flag: ", 0), 0u);
  EXPECT_EQ(parseError("StateTransition \"[\"").rfind("invalid stack matcher flag: could not compile", 0), 0u);
}

TEST(EventMatcher, KindAndStack) {
  TraceTables t;
  FrameId f = t.stacks.internFrame(Frame{1, t.strings.intern("main.main"), 0, 1});
  std::vector<FrameId> frames{f};
  Event withStack;
  withStack.kind = EventKind::StateTransition;
  withStack.stack = t.stacks.intern(frames);
  Event noStack;
  noStack.kind = EventKind::StateTransition;
  Event metric;
  metric.kind = EventKind::Metric;

  EXPECT_TRUE(EventMatcher().matches(metric, t));
  EXPECT_TRUE(EventMatcher::parse("Any").selectsAll());
  // No specs: only events without a stack.
  auto bare = EventMatcher::parse("StateTransition");
  EXPECT_TRUE(bare.matches(noStack, t));
  EXPECT_FALSE(bare.matches(withStack, t));
  auto all = EventMatcher::parse("StateTransition \"**\"");
  EXPECT_TRUE(all.matches(noStack, t));
  EXPECT_TRUE(all.matches(withStack, t));
  EXPECT_FALSE(all.matches(metric, t));
  EXPECT_TRUE(EventMatcher::parse("Any \"^main\\\\.main$\"").matches(withStack, t));
}

// Issue 18, defect 1: the original README's `-match='GoBlockSync ...'` was
// rejected. Old (v1) names select the model events they became, in v1 and
// v2 traces alike: on every testdata trace, each name's events (any stack)
// are counted and compared with what Go's own parser counted (the oracle
// summaries: transitions by reason, ranges, tasks, samples).
TEST(EventMatcher, OldEventNamesSelectWhatGoCounted) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::testdataDir()) / "traces";
  int traces = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(testing::testdataDir()) / "oracle")) {
    std::ifstream in(entry.path());
    const nlohmann::json oracle = nlohmann::json::parse(in);
    const fs::path trace = dir / oracle["name"].get<std::string>();
    if (!fs::exists(trace)) continue;
    SCOPED_TRACE(trace.string());
    auto get = [](const nlohmann::json& obj, const std::string& key) -> uint64_t {
      return obj.contains(key) ? obj[key].get<uint64_t>() : 0;
    };
    const nlohmann::json& tr = oracle["goroutine_transitions"];
    const nlohmann::json& why = oracle["goroutine_transition_reasons"];
    uint64_t created = 0, stw = 0;
    for (auto& [k, v] : tr.items()) {
      if (k.starts_with("NotExist->")) created += v.get<uint64_t>();
    }
    for (auto& [k, v] : oracle["ranges"].items()) {
      if (k.starts_with("stop-the-world")) stw += get(v, "begin");
    }
    auto rangeBegins = [&](const std::string& name) {
      return oracle["ranges"].contains(name) ? get(oracle["ranges"][name], "begin") : 0;
    };
    const std::map<std::string, uint64_t> want = {
        {"GoCreate", created},
        {"GoStart", get(tr, "Runnable->Running")},
        {"GoEnd", get(tr, "Running->NotExist") + get(tr, "Syscall->NotExist")},
        {"GoUnblock", get(tr, "Waiting->Runnable")},
        {"GoSysCall", get(tr, "Running->Syscall")},
        {"GoSysExit", get(tr, "Syscall->Running") + get(tr, "Syscall->Runnable")},
        {"GoSysBlock", get(tr, "Syscall->Runnable")},
        {"GoWaiting", get(tr, "Undetermined->Waiting")},
        {"GoInSyscall", get(tr, "Undetermined->Syscall")},
        {"GoBlockSync", get(why, "Running->Waiting/sync")},
        {"GoBlockNet", get(why, "Running->Waiting/network")},
        {"GoBlockRecv", get(why, "Running->Waiting/chan receive")},
        {"GoBlockSend", get(why, "Running->Waiting/chan send")},
        {"GoBlockSelect", get(why, "Running->Waiting/select")},
        {"GoBlockCond", get(why, "Running->Waiting/sync.(*Cond).Wait")},
        {"GoBlockGC", get(why, "Running->Waiting/GC mark assist wait for work")},
        {"GoSleep", get(why, "Running->Waiting/sleep")},
        {"GoSched", get(why, "Running->Runnable/runtime.Gosched")},
        {"GCStart", rangeBegins("GC concurrent mark phase")},
        {"GCSweepStart", rangeBegins("GC incremental sweep")},
        {"GCMarkAssistStart", rangeBegins("GC mark assist")},
        {"STWStart", stw},
        {"UserTaskCreate", get(oracle["tasks"], "begin")},
        {"UserLog", oracle["logs"].get<uint64_t>()},
        {"CPUSample", oracle["stack_samples"].get<uint64_t>()},
        {"GoStartLabel", oracle["labels"].get<uint64_t>()},
        {"HeapGoal", get(oracle["metrics"], "/gc/heap/goal:bytes")},
    };
    std::map<std::string, EventMatcher> matchers;
    std::map<std::string, uint64_t> got;
    for (auto& [name, n] : want) matchers.emplace(name, EventMatcher::parse(name + " \"**\""));
    auto reader = TraceReader::open(Input::open(trace.string()));
    const std::optional<Error> damage = readUntilDamage(*reader, [&](const Event& ev) {
      for (auto& [name, m] : matchers) got[name] += m.matches(ev, reader->tables());
    });
    ASSERT_FALSE(damage);
    for (auto& [name, n] : want) EXPECT_EQ(got[name], n) << name;
    traces++;
  }
  EXPECT_GE(traces, 19);
}

// The original README's command line on v1 and v2 traces of one HTTP server
// workload whose handlers share a mutex: both find blocked Lock calls under
// ServeHTTP, and each is a Running->Waiting "sync" transition with that stack.
TEST(EventMatcher, OriginalReadmeBlockSyncExample) {
  const auto m = EventMatcher::parse(
      "GoBlockSync \"net/http...conn..serve\" \"ServeHTTP\" \"**\" \"sync...Mutex..Lock\" \"**\"");
  for (const char* name : {"httpserver_go1.21.trace", "httpserver_go1.26.trace"}) {
    SCOPED_TRACE(name);
    auto reader = TraceReader::open(Input::open(testing::testdataDir() + "/traces/" + name));
    const TraceTables& t = reader->tables();
    uint64_t n = 0;
    ASSERT_FALSE(readUntilDamage(*reader, [&](const Event& ev) {
      if (!m.matches(ev, t)) return;
      n++;
      EXPECT_EQ(ev.kind, EventKind::StateTransition);
      EXPECT_EQ(ev.transition.goFrom(), GoState::Running);
      EXPECT_EQ(ev.transition.goTo(), GoState::Waiting);
      EXPECT_EQ(t.strings.view(ev.transition.reason), "sync");
    }));
    EXPECT_GT(n, 0u);
  }
}

}  // namespace
}  // namespace gotrace
