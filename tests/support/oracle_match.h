// Comparing our reading of a trace with what Go's parser (the oracle,
// ../shared/tools/oracle/traceoracle) recorded of it: the summary, the line
// count and SHA-256 of the full `go tool trace -d=parsed` text and the
// first events.
#pragma once

#include <filesystem>

namespace gotrace::testing {

// Reads `trace` and expects what `oracleFile` (traceoracle's JSON) says.
void expectMatchesOracle(const std::filesystem::path& trace, const std::filesystem::path& oracleFile);

}  // namespace gotrace::testing
