// regiongraph on real traces, checked against what the workloads counted
// while they ran (testdata/truth) and against plain scans of the events:
// the httpserver workload (Go 1.19 to 1.26: v1 and v2 traces) and a custom
// pattern on the flowcontrol workload.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "gotrace/analysis/goroutines/goroutine_timeline.h"
#include "gotrace/analysis/regions/region_causes.h"
#include "gotrace/analysis/regions/region_set.h"
#include "gotrace/analysis/regions/span_tree.h"
#include "support/trace_run.h"

namespace gotrace::testing {
namespace {

nlohmann::json truthOf(const std::string& name) {
  std::ifstream f(testdataDir() + "/truth/" + name + ".json");
  return nlohmann::json::parse(f);
}

std::string traceOf(const std::string& name) { return testdataDir() + "/traces/" + name + ".trace"; }

// What a goroutine is, from the stacks of the events it executed.
struct GoroutineRoles {
  std::set<int64_t> frontendConns;  // a conn.serve goroutine that ran the frontend's handler
  std::set<int64_t> serverConns;    // any conn.serve goroutine (frontend and backends)
  std::set<int64_t> loadClients;    // the load generator's client goroutines
  std::set<int64_t> frontendAccepted;  // connections the frontend's Serve loop accepted
};

GoroutineRoles rolesOf(const std::string& path) {
  GoroutineRoles roles;
  auto reader = TraceReader::open(Input::open(path));
  std::map<int64_t, int64_t> creator;
  Event ev;
  while (reader->next(ev)) {
    if (ev.kind == EventKind::StateTransition && ev.transition.resource.kind == ResourceKind::Goroutine &&
        ev.transition.goFrom() == GoState::NotExist) {
      creator[ev.transition.resource.id] = ev.goroutine;
    }
    if (ev.goroutine == kNoGoroutine || ev.stack == kNoStack || ev.kind == EventKind::StackSample) continue;
    auto frames = reader->stackFrames(ev.stack);
    if (frames.empty()) continue;
    const std::string_view root = reader->str(reader->frame(frames.back()).func);
    if (root == "net/http.(*conn).serve") roles.serverConns.insert(ev.goroutine);
    if (root == "main.loadGenerate.func1") roles.loadClients.insert(ev.goroutine);
    for (FrameId f : frames) {
      if (reader->str(reader->frame(f).func) == "main.(*frontend).ServeHTTP") roles.frontendConns.insert(ev.goroutine);
    }
  }
  // The frontend's Serve goroutine made the connections that ran its
  // handler, and the ones that never got a request. (It may make GC workers
  // too, when it happens to start a cycle.)
  std::set<int64_t> servers;
  for (int64_t g : roles.frontendConns) servers.insert(creator[g]);
  for (const auto& [g, by] : creator) {
    if (servers.count(by) && roles.serverConns.count(g)) roles.frontendAccepted.insert(g);
  }
  return roles;
}

struct Analysis {
  std::unique_ptr<TraceReader> reader;
  GoroutineTimelines timelines;
  RegionPatterns patterns = RegionPatterns::builtin();
  RegionSet regions;
  RegionCauses causes;

  explicit Analysis(const std::string& path, RegionPatterns p = RegionPatterns::builtin())
      : reader(TraceReader::open(Input::open(path))), patterns(std::move(p)) {
    timelines = GoroutineTimelines::read(*reader);
    regions = RegionSet::find(timelines, patterns);
    causes = RegionCauses::link(regions);
  }

  // The kinds of the regions that region `r` works for.
  std::multiset<std::string> causeKinds(uint32_t r) const {
    std::multiset<std::string> kinds;
    const uint32_t node = causes.nodeOfRegion(r);
    if (node == kNoNode) return kinds;
    for (uint32_t n = causes.node(node).parent; n != kNoNode; n = causes.node(n).parent) {
      if (causes.node(n).region != kNoRegion) kinds.insert(std::string(regions.kind(causes.region(n))));
    }
    return kinds;
  }
};

class HttpServer : public ::testing::TestWithParam<std::string> {};

TEST_P(HttpServer, RegionsMatchWhatTheWorkloadCounted) {
  const std::string name = GetParam();
  const nlohmann::json truth = truthOf(name)["counters"];
  const GoroutineRoles roles = rolesOf(traceOf(name));
  const Analysis a(traceOf(name));
  ASSERT_GT(roles.frontendConns.size(), 10u);

  std::map<std::string, int64_t> count;
  int64_t frontendOutbound = 0, frontendOutboundLinked = 0, frontendDials = 0, dnsLinked = 0, tlsLinked = 0;
  const auto& regions = a.regions.regions();
  for (uint32_t r = 0; r < regions.size(); r++) {
    const std::string kind(a.regions.kind(regions[r]));
    const int64_t g = a.timelines.goroutineId(regions[r].g);
    const auto causes = a.causeKinds(r);
    const bool forInbound = causes.count("server/http") > 0;
    if (kind == "server/http") {
      count[roles.frontendConns.count(g) ? "frontend inbound" : "backend inbound"]++;
      // The handler (issue 18): the frontend's requests all block in it (on
      // their outbound call), so each shows it; a backend request shows its
      // own handler when it blocks, else none.
      const std::string_view handler = serverHandler(a.regions, regions[r]);
      if (roles.frontendConns.count(g)) {
        count["frontend handler"] += handler == "main.(*frontend).ServeHTTP";
      } else {
        EXPECT_TRUE(handler.empty() || handler == "main.backendHandler") << handler;
      }
    } else if (kind == "client/http_roundtrip") {
      if (roles.serverConns.count(g)) {
        frontendOutbound++;
        frontendOutboundLinked += forInbound;
      } else if (roles.loadClients.count(g)) {
        count["load generator outbound"]++;
      } else {
        count["other outbound"]++;
      }
    } else if (kind == "client/http_dial") {
      // Every dial is for an outbound request: the frontend's (serving an
      // inbound one) or the load generator's.
      EXPECT_GT(causes.count("client/http_roundtrip"), 0u) << name << ": a dial without a request";
      count["dials"]++;
      frontendDials += forInbound;
    } else if (kind == "client/tls_handshake") {
      count["tls"]++;
      tlsLinked += causes.count("client/http_dial") && forInbound;
    } else if (kind == "client/http_dns") {
      count["dns"]++;
      dnsLinked += causes.count("client/http_dial") && forInbound;
    }
  }
  EXPECT_EQ(count["frontend inbound"], truth["frontend_requests"].get<int64_t>()) << name;
  EXPECT_EQ(count["frontend handler"], truth["frontend_requests"].get<int64_t>()) << name;
  EXPECT_EQ(count["backend inbound"], truth["backend_requests"].get<int64_t>()) << name;
  EXPECT_EQ(frontendOutbound, truth["backend_requests"].get<int64_t>()) << name;
  EXPECT_EQ(count["load generator outbound"], truth["client_requests"].get<int64_t>()) << name;
  EXPECT_EQ(count["other outbound"], 0) << name;
  EXPECT_GE(double(frontendOutboundLinked), 0.95 * double(frontendOutbound)) << name;
  EXPECT_EQ(frontendDials, truth["dials"].get<int64_t>()) << name;
  // The load generator's dials each opened one connection to the frontend.
  EXPECT_EQ(count["dials"] - frontendDials, int64_t(roles.frontendAccepted.size())) << name;
  EXPECT_EQ(count["tls"], truth["tls_handshakes_client"].get<int64_t>()) << name;
  EXPECT_EQ(tlsLinked, count["tls"]) << name;
  // One lookup sends one A and one AAAA query; the workload's own counts
  // differ from each other by one on some runs (the trace shows every
  // lookup sending both).
  const int64_t a4 = truth["dns_queries_a"], a6 = truth["dns_queries_aaaa"];
  EXPECT_GE(count["dns"], std::min(a4, a6)) << name;
  EXPECT_LE(count["dns"], std::max(a4, a6) + 1) << name;
  EXPECT_EQ(dnsLinked, count["dns"]) << name;
}

// For top-level regions that caused nothing, the summary is one goroutine's
// time: check it against that goroutine's state transitions, followed here
// without the timeline code.
TEST_P(HttpServer, SummariesOfLoneRegionsMatchTheTransitions) {
  const std::string name = GetParam();
  struct Change {
    int64_t time;
    GoState from, to;
    std::string reason;
    bool inGc;
  };
  std::map<int64_t, std::vector<Change>> changes;
  {
    auto reader = TraceReader::open(Input::open(traceOf(name)));
    Event ev;
    while (reader->next(ev)) {
      if (ev.kind != EventKind::StateTransition || ev.transition.resource.kind != ResourceKind::Goroutine) continue;
      if (ev.transition.from == ev.transition.to) continue;  // a status report, not a change
      bool inGc = false;
      if (ev.stack != kNoStack) {
        for (FrameId f : reader->stackFrames(ev.stack)) {
          std::string_view fn = reader->str(reader->frame(f).func);
          inGc = inGc || fn == "runtime.mallocgc" || fn.starts_with("runtime.gc");
        }
      }
      changes[ev.transition.resource.id].push_back({ev.time, ev.transition.goFrom(), ev.transition.goTo(),
                                                    std::string(reader->str(ev.transition.reason)), inGc});
    }
  }
  auto classOf = [](const Change& c) -> std::string {
    static const std::map<std::string, std::string> byReason = {
        {"network", "net"}, {"select", "select"}, {"chan receive", "recv"}, {"chan send", "send"},
        {"sync.(*Cond).Wait", "cond"}, {"sync", "sync"}, {"sleep", "sleep"}, {"", "block"}, {"forever", "block"}};
    if (c.inGc || c.reason.starts_with("GC ")) return "gc";
    auto it = byReason.find(c.reason);
    return it == byReason.end() ? "other" : it->second;
  };

  const Analysis a(traceOf(name));
  const SpanForest forest(a.causes);
  const int64_t t0 = a.timelines.traceStart();
  int checked = 0;
  for (size_t i = 0; i < forest.rootCount(); i++) {
    const Span root = forest.tree(i);
    const TreeSummary s = summarize(root);
    // Every instant of the window is running or waiting for something.
    int64_t flat = s.flatRunNs;
    for (const auto& [reason, ns] : s.flatWaitNs) flat += ns;
    ASSERT_EQ(flat, s.lengthNs) << name << " " << root.kind << " g=" << root.goroutine << " @" << root.startNs;
    if (!root.caused.empty()) continue;
    const int64_t from = t0 + root.startNs, to = from + root.lengthNs;
    // Walk the goroutine's states; a syscall is running unless it ended
    // blocked (Syscall -> Runnable).
    int64_t run = 0;
    std::map<std::string, int64_t> wait;
    auto clip = [&](int64_t b, int64_t e) { return std::max<int64_t>(0, std::min(e, to) - std::max(b, from)); };
    const auto& list = changes[root.goroutine];
    for (size_t k = 0; k + 1 < list.size(); k++) {
      const Change& c = list[k];
      const int64_t end = list[k + 1].time;
      if (c.to == GoState::Running) run += clip(c.time, end);
      if (c.to == GoState::Runnable) wait["cpu"] += clip(c.time, end);
      if (c.to == GoState::Waiting) wait[classOf(c)] += clip(c.time, end);
      if (c.to == GoState::Syscall) {
        (list[k + 1].to == GoState::Runnable ? wait["syscall"] : run) += clip(c.time, end);
      }
    }
    std::erase_if(wait, [](const auto& kv) { return kv.second == 0; });
    ASSERT_EQ(s.totalRunNs, run) << name << " " << root.kind << " g=" << root.goroutine << " @" << root.startNs;
    ASSERT_EQ(s.flatRunNs, run);
    ASSERT_EQ(s.flatWaitNs, wait) << name << " " << root.kind << " g=" << root.goroutine << " @" << root.startNs;
    checked++;
  }
  EXPECT_GT(checked, 5000) << name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, HttpServer,
                         ::testing::Values("httpserver_go1.19", "httpserver_go1.21", "httpserver_go1.22",
                                           "httpserver_go1.23", "httpserver_go1.24", "httpserver_go1.26"));

// One backend request, by hand from `etgrep -goroutine=324 -stacks` on
// httpserver_go1.26 (times minus the trace's first, 4685953638464):
//   4685997386688 Running->Syscall  (read in bufio.(*Reader).Peek: the request arrives)
//   4685997433728 Running->Waiting  Reason="sleep" (main.backendHandler's 5 ms sleep)
//   4686002433728 Waiting->Runnable
//   4686002434112 Runnable->Running
//   4686002442304 Running->Syscall  (write in response.finishRequest: the response)
// Served from 43748224 for 5055616 ns: running 47040 + 8192, asleep
// 5000000, runnable 384.
TEST(HttpServerByHand, ABackendRequestThatSleeps) {
  const Analysis a(traceOf("httpserver_go1.26"));
  const SpanForest forest(a.causes);
  bool found = false;
  for (size_t i = 0; i < forest.rootCount() && !found; i++) {
    const Span root = forest.tree(i);
    if (root.goroutine != 324 || root.kind != "server/http" || root.startNs != 43748224) continue;
    found = true;
    const TreeSummary s = summarize(root);
    EXPECT_EQ(s.lengthNs, 5055616);
    EXPECT_EQ(s.totalRunNs, 55232);
    EXPECT_EQ(s.flatRunNs, 55232);
    EXPECT_EQ(s.flatWaitNs, (std::map<std::string, int64_t>{{"cpu", 384}, {"sleep", 5000000}}));
    EXPECT_EQ(root.startRun, (std::vector<int64_t>{0, 5047424}));
    EXPECT_EQ(root.startWait, (std::map<std::string, std::vector<int64_t>>{{"cpu", {5047040}}, {"sleep", {47040}}}));
    // The connection's background reader is not part of the request.
    EXPECT_TRUE(root.caused.empty());
  }
  EXPECT_TRUE(found);
}

// A pattern file written for the flowcontrol workload finds its quota waits,
// which no built-in pattern knows: a stream goroutine blocked in the select
// of main.main.func2. During a stall every one of the 48 streams waits about
// as long as the 200 ms timeout; the first to time out puts the stranded
// quota back, so each stall ends with one timeout (stalls_timed_out).
class FlowControl : public ::testing::TestWithParam<std::string> {};

TEST_P(FlowControl, CustomPatternFindsTheQuotaStalls) {
  const std::string name = GetParam();
  std::ifstream pf(testdataDir() + "/patterns/flowcontrol.patterns");
  std::stringstream text;
  text << pf.rdbuf();
  RegionPatterns patterns;
  patterns.append(RegionPatterns::parse(text.str(), "flowcontrol.patterns"));
  const Analysis a(traceOf(name), std::move(patterns));
  EXPECT_TRUE(RegionSet::find(a.timelines, RegionPatterns::builtin()).regions().empty())
      << "the built-in patterns find nothing here";

  // Independently: blocking transitions whose stack is main.main.func2 -> runtime.selectgo.
  int64_t blocks = 0;
  {
    auto reader = TraceReader::open(Input::open(traceOf(name)));
    Event ev;
    while (reader->next(ev)) {
      if (ev.kind != EventKind::StateTransition || ev.transition.goTo() != GoState::Waiting) continue;
      auto frames = reader->stackFrames(ev.stack);
      if (frames.size() == 2 && reader->str(reader->frame(frames[1]).func) == "main.main.func2" &&
          reader->str(reader->frame(frames[0]).func) == "runtime.selectgo") {
        blocks++;
      }
    }
  }
  std::vector<Region> regions = a.regions.regions();
  EXPECT_EQ(int64_t(regions.size()), blocks);
  std::sort(regions.begin(), regions.end(), [](const Region& x, const Region& y) { return x.first < y.first; });
  EXPECT_GT(blocks, 500);

  // Long waits, grouped into stalls (waits that overlap).
  struct Stall {
    int64_t begin, end;
    std::set<uint32_t> goroutines;
  };
  std::vector<Stall> stalls;
  for (const Region& r : regions) {
    const int64_t b = a.timelines.event(r.first).time, e = a.timelines.event(r.last).time;
    if (e - b < 150'000'000) continue;
    if (stalls.empty() || b > stalls.back().end) stalls.push_back({b, e, {}});
    stalls.back().end = std::max(stalls.back().end, e);
    stalls.back().goroutines.insert(r.g);
  }
  const nlohmann::json truth = truthOf(name);
  EXPECT_EQ(int64_t(stalls.size()), truth["counters"]["stalls_timed_out"].get<int64_t>()) << name;
  for (const Stall& s : stalls) {
    EXPECT_EQ(s.goroutines.size(), 48u);
    EXPECT_GE(s.end - s.begin, truth["timeout_ms"].get<int64_t>() * 1'000'000 * 95 / 100);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, FlowControl, ::testing::Values("flowcontrol_go1.22", "flowcontrol_go1.26"));

}  // namespace
}  // namespace gotrace::testing
