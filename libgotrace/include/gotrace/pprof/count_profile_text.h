// The debug=1 text form of count profiles (goroutine, threadcreate).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gotrace/pprof/profile.h"

namespace gotrace::pprof {

// The debug=1 text of a count profile (goroutine, threadcreate): stacks with
// counts, frame names and files from the "#" lines, labels.
Profile parseCountProfileText(std::string_view text);

}  // namespace gotrace::pprof
