#include "gotrace/analysis/trace_summary.h"

#include <gtest/gtest.h>

#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

TEST(TraceSummary, CountsAHandWrittenTrace) {
  auto reader = openTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoCreate dt=1 new_g=5 new_stack=0 stack=0
UserTaskBegin dt=1 task=3 parent_task=0 name_string=1 stack=0
UserLog dt=1 task=3 key_string=2 value_string=1 stack=0
GoBlock dt=1 reason_string=2 stack=0
GoStart dt=1 g=5 g_seq=1
GoDestroy dt=1
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="job"
String id=2
	data="sleep"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR", "t");
  TraceSummary s;
  Event ev;
  while (reader->next(ev)) s.add(ev);
  nlohmann::json want = nlohmann::json::parse(R"JSON({
    "header": "go 1.22 trace", "go_version": "1.22", "format": "v2", "ok": true,
    "total_events": 10,
    "kinds": {"Log": 1, "StateTransition": 6, "Sync": 2, "TaskBegin": 1},
    "goroutine_transitions": {"NotExist->Runnable": 1, "Runnable->Running": 1, "Running->NotExist": 1,
                              "Running->Waiting": 1, "Undetermined->Running": 1},
    "goroutine_transition_reasons": {"NotExist->Runnable/": 1, "Runnable->Running/": 1, "Running->NotExist/": 1,
                                     "Running->Waiting/sleep": 1, "Undetermined->Running/": 1},
    "proc_transitions": {"Undetermined->Running": 1},
    "goroutines": 2, "procs": 1, "threads": 1, "stack_samples": 0,
    "tasks": {"begin": 1, "end": 0}, "task_begin_by_type": {"job": 1},
    "regions": {}, "logs": 1, "logs_by_category": {"sleep": 1},
    "ranges": {}, "metrics": {}, "labels": 0,
    "min_ts": 10, "max_ts": 19, "generations": 2
  })JSON");
  EXPECT_EQ(nlohmann::json::parse(s.toJson(reader->version(), reader->tables()).dump()), want);
}

TEST(TraceSummary, RecordsTheError) {
  TraceSummary s;
  s.fail("boom");
  TraceTables t;
  auto j = s.toJson(TraceVersion{26, TraceFormat::V2}, t);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["error"], "boom");
  EXPECT_EQ(j["min_ts"], 0);
}

// A task type, region type and log category that are not UTF-8 (Go programs
// may log any bytes): the JSON has U+FFFD for each bad byte, as Go's summary,
// and names that coincide once replaced are counted together.
TEST(TraceSummary, NonUtf8NamesBecomeReplacementCharacters) {
  auto reader = openTestTrace(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
UserTaskBegin dt=1 task=3 parent_task=0 name_string=1 stack=0
UserRegionBegin dt=1 task=3 name_string=1 stack=0
UserRegionBegin dt=1 task=3 name_string=2 stack=0
UserLog dt=1 task=3 key_string=2 value_string=1 stack=0
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="caf\xe9"
String id=2
	data="caf\xea"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR", "t");
  TraceSummary s;
  Event ev;
  while (reader->next(ev)) s.add(ev);
  const std::string text = s.toJson(reader->version(), reader->tables()).dump(2);
  const nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["task_begin_by_type"], nlohmann::json::parse(R"({"caf\ufffd": 1})"));
  EXPECT_EQ(j["regions"], nlohmann::json::parse(R"({"caf\ufffd": {"begin": 2, "end": 0}})"));
  EXPECT_EQ(j["logs_by_category"], nlohmann::json::parse(R"({"caf\ufffd": 1})"));
}

}  // namespace
}  // namespace gotrace::testing

namespace gotrace {
namespace {

TEST(DistinctIds, DenseSparseAndRepeated) {
  DistinctIds ids;
  for (int64_t id : {int64_t(1), int64_t(2), int64_t(1), int64_t(1) << 40, int64_t(-5), int64_t(-5),
                     int64_t(1000000), int64_t(1) << 40}) {
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 5u);
}

}  // namespace
}  // namespace gotrace
