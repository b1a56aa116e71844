// Time windows (ReadOptions::startNs/endNs): a windowed read returns the
// events a full read returns in the window, whether generations before the
// window are skipped, and with one reader thread or two.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "gotrace/base/error.h"
#include "gotrace/io/input.h"
#include "gotrace/render/event_text.h"
#include "gotrace/trace/trace_reader.h"
#include "support/trace_run.h"

namespace gotrace {
namespace {

struct ReadEvent {
  int64_t time;
  EventKind kind;
  std::string text;  // Go's Event.String(): stack ids differ between reads, frames do not
};

struct WindowRead {
  std::vector<ReadEvent> events;
  int64_t traceStart = 0;
};

WindowRead readWindow(const std::string& path, const ReadOptions& options) {
  WindowRead run;
  auto reader = TraceReader::open(Input::open(path), options);
  StackTextCache stacks;
  Event ev;
  while (reader->next(ev)) {
    std::string text;
    appendEventParsed(text, ev, reader->tables(), stacks);
    run.events.push_back({ev.time, ev.kind, std::move(text)});
  }
  return run;
}

// A task's end whose begin came before the window's preceding generation
// carries no type or parent; everything else must be the same.
bool sameEvent(const ReadEvent& full, const ReadEvent& window) {
  if (full.text == window.text) return true;
  return full.kind == EventKind::TaskEnd && window.kind == EventKind::TaskEnd && full.time == window.time &&
         window.text.find("Type=\"\"") != std::string::npos;
}

class ReadWindow : public ::testing::TestWithParam<std::string> {};

TEST_P(ReadWindow, EqualsTheFullReadCutToTheWindow) {
  const std::string path = testing::testdataDir() + "/traces/" + GetParam();
  const WindowRead full = readWindow(path, ReadOptions{.threads = 1});
  ASSERT_FALSE(full.events.empty());
  const int64_t first = full.events.front().time;
  const int64_t span = full.events.back().time - first;
  ASSERT_GT(span, 0);
  constexpr int64_t kOpen = std::numeric_limits<int64_t>::max();
  const std::pair<int64_t, int64_t> windows[] = {
      {0, kOpen},
      {0, span / 5},
      {span * 3 / 10, span * 6 / 10},
      {span / 2, span / 2 + span / 50},
      {span * 9 / 10, kOpen},
      {span - 1, span + 1},
      {span + 1, kOpen},  // after the last event: empty
  };
  for (const auto& [startNs, endNs] : windows) {
    std::vector<const ReadEvent*> expected;
    for (const ReadEvent& e : full.events) {
      if (e.time - first >= startNs && (endNs == kOpen || e.time - first <= endNs)) expected.push_back(&e);
    }
    for (unsigned threads : {1u, 2u}) {
      SCOPED_TRACE(::testing::Message() << "window [" << startNs << ", " << endNs << "] ns, threads " << threads);
      const WindowRead got = readWindow(path, ReadOptions{.threads = threads, .startNs = startNs, .endNs = endNs});
      ASSERT_EQ(got.events.size(), expected.size());
      size_t differing = 0;
      for (size_t i = 0; i < expected.size(); i++) {
        if (sameEvent(*expected[i], got.events[i])) continue;
        if (differing++ < 3) ADD_FAILURE() << "event " << i << "\nfull read: " << expected[i]->text << "window:    " << got.events[i].text;
      }
      EXPECT_EQ(differing, 0u);
    }
  }
}

// A window that misses the first generations must not have ordered them: it
// still returns the same events (above), and here it is checked that the
// skipping happened at all, through the Sync events a windowed read returns.
TEST(ReadWindowSkipping, GenerationsBeforeTheWindowAreNotReturned) {
  const std::string path = testing::testdataDir() + "/traces/generations_go1.26.trace";
  const WindowRead full = readWindow(path, ReadOptions{.threads = 1});
  std::vector<int64_t> syncs;
  for (const ReadEvent& e : full.events) {
    if (e.kind == EventKind::Sync) syncs.push_back(e.time - full.events.front().time);
  }
  ASSERT_GE(syncs.size(), 6u) << "the trace should have at least five generations";
  // A window inside the fourth generation: the reader returns its Sync
  // (before the window, so cut) and none of the earlier ones.
  const int64_t start = syncs[3] + 1, end = syncs[3] + (syncs[4] - syncs[3]) / 2;
  const WindowRead got = readWindow(path, ReadOptions{.threads = 1, .startNs = start, .endNs = end, .wholeGenerations = true});
  ASSERT_FALSE(got.events.empty());
  EXPECT_EQ(got.events.front().kind, EventKind::Sync);
  EXPECT_EQ(got.events.front().time - full.events.front().time, syncs[3]);
  EXPECT_EQ(got.events.back().time, [&] {
    // Whole generations: the window's generation ends where the next Sync is.
    int64_t last = 0;
    for (const ReadEvent& e : full.events) {
      if (e.time - full.events.front().time < syncs[4]) last = e.time;
    }
    return last;
  }());
}

std::vector<std::string> windowTraces() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(testing::testdataDir() + "/traces")) {
    if (entry.path().extension() == ".trace") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Traces, ReadWindow, ::testing::ValuesIn(windowTraces()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.find(".trace"));
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace gotrace
