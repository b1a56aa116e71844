#include "support/oracle_match.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "gotrace/analysis/trace_summary.h"
#include "gotrace/base/error.h"
#include "gotrace/base/sha256.h"
#include "gotrace/render/event_text.h"
#include "gotrace/trace/trace_reader.h"

namespace fs = std::filesystem;

namespace gotrace::testing {

void expectMatchesOracle(const fs::path& trace, const fs::path& oracleFile) {
  SCOPED_TRACE(trace.filename().string());
  std::ifstream in(oracleFile);
  ASSERT_TRUE(in) << oracleFile;
  nlohmann::json oracle = nlohmann::json::parse(in);

  TraceSummary summary;
  Sha256 digest;
  uint64_t lines = 0;
  std::vector<std::string> first;
  std::unique_ptr<TraceReader> reader;
  try {
    reader = TraceReader::open(Input::open(trace.string()));
    Event ev;
    std::string text;
    while (reader->next(ev)) {
      summary.add(ev);
      text.clear();
      appendEventParsed(text, ev, reader->tables());
      digest.update(text);
      lines += uint64_t(std::count(text.begin(), text.end(), '\n'));
      if (first.size() < oracle["first_events"].size()) first.push_back(text.substr(0, text.size() - 1));
    }
  } catch (const Error& e) {
    summary.fail(e.what());
  }
  ASSERT_TRUE(reader);
  nlohmann::json ours = summary.toJson(reader->version(), reader->tables());
  for (auto& [key, want] : oracle.items()) {
    if (key == "name" || key == "bytes" || key == "parsed_lines" || key == "parsed_sha256" ||
        key == "first_events" || key == "definitions") {
      continue;
    }
    ASSERT_TRUE(ours.contains(key)) << key;
    EXPECT_EQ(ours[key], want) << key;
  }
  for (auto& [key, value] : ours.items()) EXPECT_TRUE(oracle.contains(key)) << "extra field " << key;
  EXPECT_EQ(lines, oracle["parsed_lines"].get<uint64_t>());
  EXPECT_EQ(digest.hexDigest(), oracle["parsed_sha256"].get<std::string>());
  EXPECT_EQ(nlohmann::json(first), oracle["first_events"]);
}

}  // namespace gotrace::testing
