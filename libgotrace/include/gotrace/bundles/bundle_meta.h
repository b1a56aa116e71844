// A bundle's `meta` file: what program, which process, when.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gotrace::bundles {

// RFC 3339 ("2026-11-23T00:42:45.254Z", offsets allowed) to Unix
// nanoseconds; nullopt when it is not a valid timestamp.
std::optional<int64_t> parseRfc3339(std::string_view text);

struct BundleMeta {
  std::string main, revision, goVersion, hostname, procId;
  std::string initTimeText, captureTimeText;  // as written
  int64_t initTime = 0, captureTime = 0;       // Unix ns; 0 when absent
};

// Parses the `meta` JSON object. Unknown keys are ignored, missing ones
// empty; a time that is present but not RFC 3339 is an error. Throws Error.
BundleMeta parseMeta(std::string_view json);

}  // namespace gotrace::bundles
