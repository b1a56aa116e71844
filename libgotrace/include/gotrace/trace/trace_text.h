// Go's raw text form of a v2 trace: a `Trace Go1.N` header line, then one
// wire record per line (`EventBatch gen=1 m=0 time=0 size=15`,
// `ProcStatus dt=1 p=0 pstatus=1`, ...). Small hand-written traces for tests
// and bug reports; converting to binary computes nothing (batch sizes are
// written as given).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace gotrace {

// Converts the text form to a binary trace. Throws Error ("line N: ...") on
// syntax errors.
std::vector<uint8_t> traceFromText(std::string_view text);

}  // namespace gotrace
