// etpprof's profiles against Go 1.26's `go tool trace -pprof=KIND` for every
// trace in testdata (and the shared corpus when present): the same samples,
// stack by stack (function, file, line of every frame), with the same count
// and delay. Go writes its samples in map order, so both sides are compared
// as sets keyed by stack.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "gotrace/analysis/goroutines/blocking_profile.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/pprof/profile_writer.h"
#include "gotrace/trace/event_consumer.h"
#include "gotrace/trace/trace_text.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

using Totals = std::pair<int64_t, int64_t>;
using Samples = std::map<std::string, std::pair<int64_t, int64_t>>;  // stack -> count, delay

std::vector<uint8_t> readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

Samples samplesOf(const pprof::Profile& p) {
  Samples out;
  for (const pprof::Sample& s : p.samples) {
    std::string key;
    for (uint32_t l : s.locations) {
      for (const pprof::Line& line : p.locations[l].lines) {
        const pprof::Function& f = p.functions[line.function];
        key += f.name + " " + f.filename + ":" + std::to_string(line.line) + "\n";
      }
    }
    auto& [count, delay] = out[key];
    count += s.values.at(0);
    delay += s.values.at(1);
  }
  return out;
}

pprof::Profile ours(const std::filesystem::path& trace, BlockingKind kind) {
  auto reader = TraceReader::open(Input::open(trace.string()));
  BlockingProfiler profiler(kind);
  EXPECT_FALSE(readInto(*reader, profiler));
  // Through the encoder and decoder, as the tool's output is.
  return pprof::parseProfile(pprof::encodeProfile(blockingProfile(profiler.records(), reader->tables())));
}

void compareAll(const std::filesystem::path& traces, int* compared) {
  for (const auto& entry : std::filesystem::directory_iterator(traces)) {
    if (entry.path().extension() != ".trace") continue;
    const std::string name = entry.path().stem().string();
    for (BlockingKind kind : {BlockingKind::Net, BlockingKind::Sync, BlockingKind::Syscall, BlockingKind::Sched}) {
      const auto goFile = std::filesystem::path(testdataDir()) / "go_pprof" /
                          (name + "." + std::string(blockingKindName(kind)) + ".pb.gz");
      ASSERT_TRUE(std::filesystem::exists(goFile)) << goFile << ": make it with go tool trace -pprof";
      const pprof::Profile go = pprof::parseProfile(readFile(goFile));
      const pprof::Profile mine = ours(entry.path(), kind);
      ASSERT_EQ(mine.sampleTypes.size(), 2u);
      EXPECT_EQ(mine.sampleTypes[0].type, go.sampleTypes[0].type);
      EXPECT_EQ(mine.sampleTypes[1].unit, go.sampleTypes[1].unit);
      EXPECT_EQ(mine.periodType.type, go.periodType.type);
      const Samples a = samplesOf(mine), b = samplesOf(go);
      int64_t totalA = 0, totalB = 0;
      for (const auto& [k, v] : a) totalA += v.second;
      for (const auto& [k, v] : b) totalB += v.second;
      EXPECT_EQ(totalA, totalB) << name << " " << blockingKindName(kind);
      EXPECT_EQ(a.size(), b.size()) << name << " " << blockingKindName(kind);
      for (const auto& [stack, v] : b) {
        auto it = a.find(stack);
        if (it == a.end()) {
          ADD_FAILURE() << name << " " << blockingKindName(kind) << ": Go's stack missing:\n" << stack;
          continue;
        }
        EXPECT_EQ(it->second, v) << name << " " << blockingKindName(kind) << ":\n" << stack;
      }
      ++*compared;
    }
  }
}

TEST(BlockingProfile, EqualsGoToolTraceOnTestdata) {
  int compared = 0;
  compareAll(std::filesystem::path(testdataDir()) / "traces", &compared);
  EXPECT_GE(compared, 4 * 18);
}

TEST(BlockingProfile, EqualsGoToolTraceOnSharedCorpus) {
  const std::string corpus = sharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "no ../shared/corpus";
  int compared = 0;
  compareAll(std::filesystem::path(corpus) / "traces", &compared);
  EXPECT_GE(compared, 4 * 26);
}

// By hand: one goroutine blocks on a channel 1000 ns (stack 1), is runnable
// 50 ns, runs, blocks again on the network 300 ns; a second goroutine is
// created (runnable 70 ns before its first run: not scheduler latency) and
// later preempted (runnable 20 ns).
TEST(BlockingProfile, StretchesByHand) {
  const std::string text = withBatchSizes(R"TR(
Trace Go1.22
EventBatch gen=1 m=1 time=10 size=?
ProcStatus dt=1 p=0 pstatus=1
GoStatus dt=1 g=1 m=1 gstatus=2
GoBlock dt=10 reason_string=1 stack=1
GoUnblock dt=1000 g=1 g_seq=1 stack=0
GoStart dt=50 g=1 g_seq=2
GoBlock dt=10 reason_string=2 stack=1
GoUnblock dt=300 g=1 g_seq=3 stack=0
GoStart dt=5 g=1 g_seq=4
GoCreate dt=5 new_g=2 new_stack=1 stack=1
GoStop dt=5 reason_string=3 stack=1
GoStart dt=70 g=2 g_seq=1
GoStop dt=10 reason_string=3 stack=1
GoStart dt=20 g=2 g_seq=2
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Stacks
Stack id=1 nframes=1
	pc=4096 func=4 file=5 line=10
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Strings
String id=1
	data="chan receive"
String id=2
	data="network"
String id=3
	data="preempted"
String id=4
	data="main.f"
String id=5
	data="f.go"
EventBatch gen=1 m=18446744073709551615 time=10 size=?
Frequency freq=1000000000
)TR");
  auto reader = openTestTrace(text, "hand.trace");
  // The four kinds in one pass.
  std::vector<BlockingProfiler> profilers;
  for (BlockingKind k : {BlockingKind::Net, BlockingKind::Sync, BlockingKind::Syscall, BlockingKind::Sched})
    profilers.emplace_back(k);
  ASSERT_FALSE(readInto(*reader, profilers[0], profilers[1], profilers[2], profilers[3]));
  auto total = [&](BlockingProfiler& p) {
    int64_t n = 0, ns = 0;
    for (const BlockingRecord& r : p.records()) {
      n += r.count;
      ns += r.nanoseconds;
    }
    return std::pair(n, ns);
  };
  EXPECT_EQ(total(profilers[0]), (Totals{1, 300}));   // net
  EXPECT_EQ(total(profilers[1]), (Totals{1, 1000}));  // sync
  EXPECT_EQ(total(profilers[2]), (Totals{0, 0}));     // syscall
  // sched: g1 runnable 50 and 5 after its unblocks, then stopped for good
  // (still runnable at the end: not counted); g2 runnable 75 from creation to
  // its first run (not counted), then 20 after its preemption.
  EXPECT_EQ(total(profilers[3]), (Totals{3, 50 + 5 + 20}));
}

}  // namespace
}  // namespace gotrace::testing
