#include "support/trace_run.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "gotrace/base/error.h"
#include "gotrace/render/event_text.h"
#include "gotrace/trace/trace_text.h"

namespace gotrace::testing {

namespace {

// With GOTRACE_TEST_DUMP_DIR set, every trace a test reads is also written
// there (named after the test), to compare with Go's own reader by hand:
// go tool trace -d=parsed FILE.
void dumpForComparison(const std::vector<uint8_t>& bytes) {
  const char* dir = std::getenv("GOTRACE_TEST_DUMP_DIR");
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  if (!dir || !test) return;
  static int counter = 0;
  std::string name = std::string(dir) + "/" + test->test_suite_name() + "." + test->name() + "." +
                     std::to_string(counter++) + ".trace";
  for (char& c : name) {
    if (c == '/' && &c <= name.data() + std::strlen(dir)) continue;
    if (c == '/') c = '_';
  }
  std::ofstream(name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));
}

}  // namespace

TraceRun readTrace(const std::vector<uint8_t>& bytes) {
  dumpForComparison(bytes);
  TraceRun run;
  try {
    auto reader = TraceReader::open(Input::fromMemory(bytes, "test.trace"));
    Event ev;
    while (reader->next(ev)) {
      std::string line;
      appendEventLine(line, ev, reader->tables());
      run.lines.push_back(std::move(line));
      run.events.push_back(ev);
    }
  } catch (const Error& e) {
    run.error = e.what();
    run.errorOffset = e.offset();
  }
  return run;
}

TraceRun readTraceText(std::string_view text) { return readTrace(traceFromText(text)); }

std::string testdataDir() { return GOTRACE_TESTDATA_DIR; }

std::string sharedCorpusDir() {
  std::filesystem::path p = std::filesystem::path(GOTRACE_SOURCE_DIR) / ".." / "shared" / "corpus";
  return std::filesystem::is_directory(p) ? p.lexically_normal().string() : "";
}

}  // namespace gotrace::testing

namespace gotrace::testing {

namespace {

std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

std::string_view firstToken(std::string_view line) {
  size_t b = line.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = line.find_first_of(" \t", b);
  return line.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
}

}  // namespace

std::string withBatchSizes(std::string_view text) {
  std::vector<std::string> lines = splitLines(text);
  std::string header;
  for (const std::string& l : lines) {
    if (firstToken(l) == "Trace") {
      header = l + "\n";
      break;
    }
  }
  for (size_t i = 0; i < lines.size(); i++) {
    size_t q = lines[i].find("size=?");
    if (firstToken(lines[i]) != "EventBatch" || q == std::string::npos) continue;
    std::string body = header;
    size_t j = i + 1;
    for (; j < lines.size(); j++) {
      std::string_view t = firstToken(lines[j]);
      if (t == "EventBatch" || t == "ExperimentalBatch" || t == "EndOfGeneration") break;
      body += lines[j] + "\n";
    }
    size_t size = traceFromText(body).size() - kTraceHeaderSize;
    lines[i].replace(q, 6, "size=" + std::to_string(size));
  }
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

TraceRun readTestTrace(std::string_view text) { return readTraceText(withBatchSizes(text)); }

TestTrace openTestTrace(std::string_view text, const std::string& name) {
  TestTrace t;
  t.bytes = traceFromText(withBatchSizes(text));
  t.reader = TraceReader::open(Input::fromMemory(t.bytes, name));
  return t;
}

}  // namespace gotrace::testing
