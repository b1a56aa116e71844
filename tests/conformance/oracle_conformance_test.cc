// Conformance with Go's own parser: for real traces, the summary, the full
// `go tool trace -d=parsed` text (line count and SHA-256) and the first
// events must equal what Go 1.26 recorded in the oracle JSON next to each
// trace. Runs on testdata/ always and on ../shared/corpus when present.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "gotrace/base/error.h"
#include "gotrace/render/event_text.h"
#include "gotrace/trace/trace_reader.h"
#include "gotrace/analysis/trace_summary.h"
#include "gotrace/base/sha256.h"
#include "support/oracle_match.h"
#include "support/trace_run.h"

namespace fs = std::filesystem;

namespace gotrace::testing {
namespace {

int checkDirectory(const fs::path& traces, const fs::path& oracles) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(traces)) {
    if (entry.path().extension() != ".trace") continue;
    fs::path oracle = oracles / (entry.path().stem().string() + ".json");
    if (!fs::exists(oracle)) continue;
    expectMatchesOracle(entry.path(), oracle);
    checked++;
  }
  return checked;
}

TEST(Conformance, TestdataTracesMatchGosParser) {
  fs::path dir = testdataDir();
  EXPECT_GE(checkDirectory(dir / "traces", dir / "oracle"), 8);
}

TEST(Conformance, SharedCorpusMatchesGosParser) {
  std::string corpus = sharedCorpusDir();
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpus not present";
  EXPECT_GE(checkDirectory(fs::path(corpus) / "traces", fs::path(corpus) / "oracle"), 26);
}

}  // namespace
}  // namespace gotrace::testing
