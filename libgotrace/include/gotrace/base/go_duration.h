// Go's time.Duration text ("1.5ms", "500us", "2µs", "1h30m", "0"): how
// users of Go tools write times in flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gotrace {

// The duration in nanoseconds; empty when `text` is not one (or overflows).
std::optional<int64_t> parseGoDuration(std::string_view text);

// `ns` as Go's Duration.String() writes it: "0s", "750ns", "1.5µs", "2ms",
// "1m30.5s", "2h0m0s".
std::string formatGoDuration(int64_t ns);

}  // namespace gotrace
