// Real traces with random damage (single-byte changes, truncation): the
// reader must return events or a clean Error, never crash or hang. Seeded,
// so failures reproduce. (The full-size campaign lives with the fuzzers.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <random>

#include "gotrace/base/error.h"
#include "gotrace/render/event_text.h"
#include "gotrace/trace/trace_reader.h"
#include "support/trace_run.h"

namespace fs = std::filesystem;

namespace gotrace::testing {
namespace {

std::vector<uint8_t> readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

// Reads everything, formatting each event in full so every id is resolved.
void readAll(const std::vector<uint8_t>& bytes) {
  try {
    auto reader = TraceReader::open(Input::fromMemory(bytes, "damaged"));
    Event ev;
    std::string text;
    while (reader->next(ev)) {
      text.clear();
      appendEventParsed(text, ev, reader->tables());
    }
  } catch (const Error&) {
    // A clean error is a fine outcome.
  }
}

TEST(DamagedTraces, ByteChangesAndTruncations) {
  // GOTRACE_DAMAGE_ROUNDS scales the campaign up for a longer run.
  const char* env = std::getenv("GOTRACE_DAMAGE_ROUNDS");
  const int rounds = env ? std::atoi(env) : 1;
  std::mt19937_64 rng(20261123);
  for (const char* name : {"flowcontrol_go1.22.trace", "syscalls_go1.26.trace", "v1mix_go1.19.trace", "v1mix_go1.21.trace"}) {
    const std::vector<uint8_t> good = readFile(fs::path(testdataDir()) / "traces" / name);
    ASSERT_GT(good.size(), 1000u);
    for (int i = 0; i < 60 * rounds; i++) {
      std::vector<uint8_t> bad = good;
      bad[rng() % bad.size()] = uint8_t(rng());
      readAll(bad);
    }
    for (int i = 0; i < 20 * rounds; i++) {
      readAll(std::vector<uint8_t>(good.begin(), good.begin() + long(rng() % good.size())));
    }
  }
}

}  // namespace
}  // namespace gotrace::testing
