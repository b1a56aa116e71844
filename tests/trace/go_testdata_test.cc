// Runs Go 1.26's own reader test cases (src/internal/trace/testdata/tests/
// *.test: a text-form trace and the expected outcome) when that toolchain is
// installed (../shared/tools/install-go.sh 1.26). Skipped otherwise.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gotrace/base/go_string.h"
#include "support/trace_run.h"

namespace fs = std::filesystem;

namespace gotrace::testing {
namespace {

fs::path goTestsDir() {
  const char* root = std::getenv("GO126_ROOT");
  fs::path dir = fs::path(root ? root : "/usr/lib/go-1.26") / "src/internal/trace/testdata/tests";
  return fs::is_directory(dir) ? dir : fs::path();
}

// txtar: "-- name --" marker lines start files.
std::map<std::string, std::string> parseTxtar(const std::string& text) {
  std::map<std::string, std::string> files;
  std::istringstream in(text);
  std::string line, current;
  bool inFile = false;
  while (std::getline(in, line)) {
    if (line.starts_with("-- ") && line.ends_with(" --") && line.size() >= 6) {
      current = line.substr(3, line.size() - 6);
      files[current];
      inFile = true;
      continue;
    }
    if (inFile) files[current] += line + "\n";
  }
  return files;
}

TEST(GoTestdata, EveryCaseHasTheExpectedOutcome) {
  fs::path dir = goTestsDir();
  if (dir.empty()) GTEST_SKIP() << "Go 1.26 source not installed (../shared/tools/install-go.sh 1.26)";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    std::ifstream f(entry.path());
    std::stringstream ss;
    ss << f.rdbuf();
    auto files = parseTxtar(ss.str());
    ASSERT_TRUE(files.count("expect") && files.count("trace")) << entry.path();
    std::string expect = files["expect"];
    TraceRun run = readTraceText(files["trace"]);
    SCOPED_TRACE(entry.path().filename().string());
    if (expect.starts_with("SUCCESS")) {
      EXPECT_FALSE(run.error) << *run.error;
    } else {
      ASSERT_TRUE(expect.starts_with("FAILURE ")) << expect;
      std::string quoted = expect.substr(8);
      while (!quoted.empty() && (quoted.back() == '\n' || quoted.back() == ' ')) quoted.pop_back();
      size_t used = 0;
      auto pattern = unquoteGoPrefix(quoted, used);
      ASSERT_TRUE(pattern) << quoted;
      ASSERT_TRUE(run.error) << "expected failure matching " << *pattern;
      EXPECT_TRUE(RE2::PartialMatch(*run.error, *pattern)) << *run.error << " !~ " << *pattern;
    }
    cases++;
  }
  EXPECT_GT(cases, 10);
}

// Go's fuzz corpus for its reader: files "go test fuzz v1" + []byte("...").
TEST(GoTestdata, FuzzCorpusNeverCrashes) {
  fs::path dir = goTestsDir();
  if (dir.empty()) GTEST_SKIP() << "Go 1.26 source not installed";
  fs::path fuzz = dir.parent_path() / "fuzz/FuzzReader";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(fuzz)) {
    std::ifstream f(entry.path());
    std::stringstream ss;
    ss << f.rdbuf();
    std::string text = ss.str();
    size_t start = text.find("[]byte(");
    ASSERT_NE(start, std::string::npos) << entry.path();
    size_t used = 0;
    auto bytes = unquoteGoPrefix(std::string_view(text).substr(start + 7), used);
    ASSERT_TRUE(bytes) << entry.path();
    TraceRun run = readTrace(std::vector<uint8_t>(bytes->begin(), bytes->end()));
    std::string name = entry.path().filename().string();
    if (name == "closing-unknown-region" || name == "large-id") {
      EXPECT_FALSE(run.error) << name << ": " << *run.error;
    } else {
      EXPECT_TRUE(run.error) << name;
    }
    if (name == "invalid-proc-state") {
      EXPECT_EQ(*run.error, "invalid status for proc 0: 69");
    }
    if (name == "malformed-timestamp") {
      EXPECT_EQ(*run.error, "found invalid uvarint for timestamp");
      EXPECT_TRUE(run.lines.empty());
    }
    cases++;
  }
  EXPECT_GT(cases, 10);
}

}  // namespace
}  // namespace gotrace::testing
