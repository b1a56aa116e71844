// Fuzz target: the -match flag (event kind and stack patterns).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gotrace/base/error.h"
#include "gotrace/analysis/match/event_match.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto m = gotrace::EventMatcher::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    // What it prints parses back to the same.
    const auto again = gotrace::EventMatcher::parse(m.toString());
    if (again.toString() != m.toString()) __builtin_trap();
  } catch (const gotrace::Error&) {
  }
  return 0;
}
