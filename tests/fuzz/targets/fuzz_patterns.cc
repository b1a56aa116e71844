// Fuzz target: regiongraph's pattern files, added to the built-ins.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gotrace/base/error.h"
#include "gotrace/analysis/regions/region_patterns.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    gotrace::RegionPatterns p = gotrace::RegionPatterns::builtin();
    p.append(gotrace::RegionPatterns::parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz"));
  } catch (const gotrace::Error&) {
  }
  return 0;
}
