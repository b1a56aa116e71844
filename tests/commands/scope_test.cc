// scope over real traces: one report over several traces, a region of known
// shape (testdata/programs/scopesplit) in its lines, the profile of the
// placed samples, and scope's lines drawn by scope_chart.
#include "gotrace/commands/scope.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gotrace/commands/scope_lines.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/pprof/profile_writer.h"
#include "gotrace/render/scope_chart_svg.h"
#include "support/trace_run.h"

namespace gotrace::commands {
namespace {

using testing::testdataDir;
using namespace scopechart;

std::string traceOf(const std::string& name) { return testdataDir() + "/traces/" + name + ".trace"; }

RegionPatterns patternsFrom(const std::string& file) {
  std::ifstream f(testdataDir() + "/patterns/" + file);
  std::stringstream text;
  text << f.rdbuf();
  RegionPatterns p;
  p.append(RegionPatterns::parse(text.str(), file));
  return p;
}

// One report over several traces: patterns are shared, ids are not (a
// cache keyed by a string id of the first trace once leaked into the next).
TEST(ScopeReport, SeveralTracesInOneReport) {
  const RegionPatterns patterns = RegionPatterns::builtin();
  ScopeReport together(patterns, "client/tls_handshake", ScopeReport::Format::None);
  OutputBuffer out(-1);
  for (const char* name : {"httpserver_go1.26", "httpserver_go1.19", "httpserver_go1.22"}) {
    auto reader = TraceReader::open(Input::open(traceOf(name)));
    const auto inOne = together.addTrace(*reader, name, out);
    ScopeReport alone(patterns, "client/tls_handshake", ScopeReport::Format::None);
    auto again = TraceReader::open(Input::open(traceOf(name)));
    const auto separately = alone.addTrace(*again, name, out);
    EXPECT_EQ(inOne.regions, separately.regions) << name;
    EXPECT_EQ(inOne.samples, separately.samples) << name;
    EXPECT_GT(inOne.regions, 40u) << name;
  }
}

// scopesplit's work() is busy in first() for its first half and in second()
// for its second half: the samples say so.
class ScopeSplit : public ::testing::TestWithParam<std::string> {};

TEST_P(ScopeSplit, FirstHalfInFirstSecondHalfInSecond) {
  const RegionPatterns patterns = patternsFrom("scopesplit.patterns");
  ScopeReport report(patterns, "scopesplit/work", ScopeReport::Format::Json);
  auto reader = TraceReader::open(Input::open(traceOf(GetParam())));
  const auto path = std::filesystem::temp_directory_path() / ("scope_" + GetParam() + ".jsonl");
  ScopeReport::TraceCounts counts;
  {
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_TRUE(f);
    OutputBuffer out(fileno(f));
    counts = report.addTrace(*reader, GetParam(), out);
    out.flush();
    std::fclose(f);
  }
  EXPECT_EQ(counts.regions, 400u);  // the program runs work() 400 times
  // (A few samples land in the clock's assembly, where the profiler's
  // unwinder stops after one frame: they say nothing about the split.)
  int early = 0, earlyFirst = 0, late = 0, lateSecond = 0, lines = 0, unwound = 0;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json j = nlohmann::json::parse(line);
    lines++;
    const double frac = j["frac"];
    ASSERT_GE(frac, 0.0);
    ASSERT_LE(frac, 1.0);
    bool inFirst = false, inSecond = false;
    for (const auto& f : j["stack"]) {
      inFirst = inFirst || f == "main.first";
      inSecond = inSecond || f == "main.second";
    }
    if (!inFirst && !inSecond) continue;
    unwound++;
    if (frac < 0.45) {
      early++;
      earlyFirst += inFirst;
    } else if (frac > 0.55) {
      late++;
      lateSecond += inSecond;
    }
  }
  std::filesystem::remove(path);
  EXPECT_EQ(size_t(lines), counts.samples);
  EXPECT_GE(unwound, lines * 9 / 10);
  EXPECT_GT(early, 100);
  EXPECT_GT(late, 100);
  EXPECT_GE(earlyFirst, early * 95 / 100);
  EXPECT_GE(lateSecond, late * 95 / 100);
}

// scope_tls -profile=CPU.pb.gz: the sampling period of the CPU profile
// recorded with the trace is the period of the placed samples.
TEST(ScopeTls, TemplateProfileGivesThePeriod) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("gotrace_scope_tls_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  pprof::Profile tmpl;
  tmpl.sampleTypes = {{"samples", "count"}, {"cpu", "nanoseconds"}};
  tmpl.periodType = {"cpu", "nanoseconds"};
  tmpl.period = 1'000'000;  // a 1 kHz profiler
  const std::vector<uint8_t> bytes = pprof::encodeProfile(tmpl);
  std::ofstream(dir / "cpu.pb.gz", std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));

  ScopeOptions o;
  o.inputs = {traceOf("scopesplit_go1.26")};
  o.patternFiles = {testdataDir() + "/patterns/scopesplit.patterns"};
  o.region = "scopesplit/work";
  o.text = false;
  o.templateProfile = (dir / "cpu.pb.gz").string();
  o.profile = (dir / "out.pb.gz").string();
  std::ostringstream err;
  cli::Console console("scope_tls", -1, &err);
  ASSERT_EQ(runScope(o, console), 0);
  std::ifstream in(dir / "out.pb.gz", std::ios::binary);
  const std::vector<uint8_t> out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const pprof::Profile p = pprof::parseProfile(out);
  EXPECT_EQ(p.period, 1'000'000);
  ASSERT_GT(p.samples.size(), 100u);
  for (const pprof::Sample& s : p.samples) EXPECT_EQ(s.values, (std::vector<int64_t>{1, 1'000'000}));
  fs::remove_all(dir);
}

TEST_P(ScopeSplit, ProfileHasLeafFirstStacks) {
  const RegionPatterns patterns = patternsFrom("scopesplit.patterns");
  ScopeReport report(patterns, "scopesplit/work", ScopeReport::Format::None);
  auto reader = TraceReader::open(Input::open(traceOf(GetParam())));
  OutputBuffer out(-1);
  const auto counts = report.addTrace(*reader, "t", out);
  const std::vector<uint8_t> bytes = report.profile();
  const pprof::Profile p = pprof::parseProfile(bytes);
  ASSERT_EQ(p.samples.size(), counts.samples);
  ASSERT_EQ(p.sampleTypes.size(), 2u);
  EXPECT_EQ(p.sampleTypes[1].type, "cpu");
  for (const pprof::Sample& s : p.samples) {
    ASSERT_GE(s.locations.size(), 1u);
    auto fn = [&](uint32_t loc) { return p.functions[p.locations[loc].lines[0].function].name; };
    if (s.locations.size() >= 3) {
      EXPECT_EQ(fn(s.locations.back()), "runtime.goexit");  // the root last
    }
    EXPECT_NE(fn(s.locations.front()), "runtime.goexit");
    EXPECT_EQ(s.values, (std::vector<int64_t>{1, 10'000'000}));
    bool offset = false;
    for (const pprof::Label& l : s.labels) offset = offset || (l.key == "sample_offset" && l.numUnit == "nanoseconds");
    EXPECT_TRUE(offset);
  }

  // Go's own pprof, when installed, shows the leaves on top.
  const char* go = "/usr/lib/go-1.26/bin/go";
  if (!std::filesystem::exists(go)) GTEST_SKIP() << "Go 1.26 not installed: checked with our reader only";
  const auto path = std::filesystem::temp_directory_path() / ("scope_" + GetParam() + ".pb.gz");
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  const std::string cmd = std::string("HOME=/tmp GOTOOLCHAIN=local ") + go + " tool pprof -top -nodecount=3 " +
                          path.string() + " 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_TRUE(pipe);
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
  pclose(pipe);
  std::filesystem::remove(path);
  // The first row of the table has flat time in a leaf (time.Now and the
  // runtime's clock under it), not in runtime.goexit.
  const size_t header = text.find("flat  flat%");
  ASSERT_NE(header, std::string::npos) << text;
  const std::string firstRow = text.substr(text.find('\n', header) + 1, 200);
  EXPECT_EQ(firstRow.find("runtime.goexit"), std::string::npos) << text;
  EXPECT_TRUE(firstRow.find("time.") != std::string::npos || firstRow.find("runtime.nanotime") != std::string::npos ||
              firstRow.find("main.spin") != std::string::npos)
      << text;
}

INSTANTIATE_TEST_SUITE_P(Traces, ScopeSplit, ::testing::Values("scopesplit_go1.21", "scopesplit_go1.26"));


// scopesplit's chart: the lanes through main.first have their marks on the
// left half, those through main.second on the right.
TEST(ScopeChartSvg, TheSplitShows) {
  std::ifstream pf(testdataDir() + "/patterns/scopesplit.patterns");
  std::stringstream text;
  text << pf.rdbuf();
  RegionPatterns patterns;
  patterns.append(RegionPatterns::parse(text.str(), "scopesplit.patterns"));
  ScopeReport report(patterns, "scopesplit/work", ScopeReport::Format::Text);
  auto reader = TraceReader::open(Input::open(testdataDir() + "/traces/scopesplit_go1.26.trace"));
  const auto path = std::filesystem::temp_directory_path() / "scope_chart_split.txt";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    OutputBuffer out(fileno(f));
    report.addTrace(*reader, "t", out);
    out.flush();
    std::fclose(f);
  }
  std::ifstream in(path);
  std::stringstream lines;
  lines << in.rdbuf();
  std::filesystem::remove(path);
  size_t skipped = 0;
  const std::string svg = renderScopeChartSvg(readScopeSamples(lines.str(), skipped), ScopeLanes::Stack);
  EXPECT_EQ(skipped, 0u);
  int left = 0, leftFirst = 0, right = 0, rightSecond = 0;
  static const std::regex lane("<g transform=\"translate\\(5,\\d+\\)\"><title>([^<]*)</title>");
  auto lanes = std::sregex_iterator(svg.begin(), svg.end(), lane);
  for (auto it = lanes; it != std::sregex_iterator(); ++it) {
    const std::string title = (*it)[1];
    const size_t from = size_t(it->position() + it->length());
    const size_t to = svg.find("</g>", from);
    static const std::regex mark("<rect x=\"(-?\\d+)\" y=\"8\"");
    const std::string body = svg.substr(from, to - from);
    for (auto m = std::sregex_iterator(body.begin(), body.end(), mark); m != std::sregex_iterator(); ++m) {
      const int center = std::stoi((*m)[1]) + kMark / 2;
      if (center < kScreen * 45 / 100) {
        left++;
        leftFirst += title.find("main.first") != std::string::npos;
      } else if (center > kScreen * 55 / 100) {
        right++;
        rightSecond += title.find("main.second") != std::string::npos;
      }
    }
  }
  EXPECT_GT(left, 100);
  EXPECT_GT(right, 100);
  // (Samples whose stack the profiler could not unwind have a lane of their own.)
  EXPECT_GE(leftFirst, left * 90 / 100);
  EXPECT_GE(rightSecond, right * 90 / 100);
}

}  // namespace
}  // namespace gotrace::commands
