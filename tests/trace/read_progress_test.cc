// Progress of a read (ReadOptions::progress): what a progress line shows.
// A v1 trace is indexed and ordered before its first event, so its
// progress starts before the first event; every trace's moves forward only,
// stays within the input's size and ends near it.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gotrace/io/input.h"
#include "gotrace/trace/trace_reader.h"
#include "support/trace_run.h"

namespace gotrace {
namespace {

struct Report {
  uint64_t done, total;
  size_t eventsBefore;  // events returned when it was made
};

std::vector<Report> readWithProgress(const std::string& path, size_t& events) {
  std::vector<Report> reports;
  events = 0;
  ReadOptions options;
  options.progress = [&](uint64_t done, uint64_t total) { reports.push_back({done, total, events}); };
  auto reader = TraceReader::open(Input::open(path), options);
  Event ev;
  while (reader->next(ev)) events++;
  return reports;
}

TEST(ReadProgress, MovesForwardWithinTheInput) {
  for (const char* name : {"httpserver_go1.21", "httpserver_go1.19", "httpserver_go1.26", "httpserver_go1.22"}) {
    SCOPED_TRACE(name);
    const std::string path = testing::testdataDir() + "/traces/" + name + ".trace";
    const uint64_t size = std::filesystem::file_size(path);
    size_t events = 0;
    const std::vector<Report> reports = readWithProgress(path, events);
    ASSERT_GT(events, 100000u);
    ASSERT_GE(reports.size(), 3u);
    for (size_t i = 0; i < reports.size(); i++) {
      EXPECT_EQ(reports[i].total, size);
      EXPECT_LE(reports[i].done, size);
      if (i > 0) {
        EXPECT_GE(reports[i].done, reports[i - 1].done) << "report " << i;
      }
    }
    // Reports come every 32768 events: the last is near the end.
    EXPECT_GE(reports.back().done, size / 2);
    EXPECT_GE(reports.back().eventsBefore + 32768, events);
  }
}

TEST(ReadProgress, AV1TraceReportsWhileIndexingAndOrdering) {
  const std::string path = testing::testdataDir() + "/traces/httpserver_go1.21.trace";
  const uint64_t size = std::filesystem::file_size(path);
  size_t events = 0;
  const std::vector<Report> reports = readWithProgress(path, events);
  size_t beforeFirstEvent = 0;
  uint64_t reachedBeforeFirstEvent = 0;
  for (const Report& r : reports) {
    if (r.eventsBefore == 0) {
      beforeFirstEvent++;
      reachedBeforeFirstEvent = r.done;
    }
  }
  // Indexing (the first third) and ordering (the second) both report.
  EXPECT_GE(beforeFirstEvent, 2u);
  EXPECT_GT(reachedBeforeFirstEvent, size / 3);
  EXPECT_LE(reachedBeforeFirstEvent, 2 * size / 3 + 1);
}

}  // namespace
}  // namespace gotrace
