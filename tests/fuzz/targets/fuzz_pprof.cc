// Fuzz target: pprof profiles (gzip, protobuf, debug=1 text), written back
// and read again.
#include <cstddef>
#include <cstdint>

#include "gotrace/base/error.h"
#include "gotrace/pprof/profile_reader.h"
#include "gotrace/pprof/profile_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const gotrace::pprof::Profile p = gotrace::pprof::parseProfile({data, size});
    const std::vector<uint8_t> again = gotrace::pprof::encodeProfile(p);
    gotrace::pprof::parseProfile(again);
  } catch (const gotrace::Error&) {
  }
  return 0;
}
