// apshuffle: rank a pile of Autoprof profile bundles (bundles/) by what
// their profiles show, list the pile's hosts, or link each bundle to its
// process's previous and next.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gotrace/cli/console.h"

namespace gotrace::commands {

struct ApshuffleOptions {
  std::string pile = ".";          // paths are printed relative to it
  std::string profile;             // -profile-sort: the file under pprof/ to score by
  std::string sampleType;          // the sample type to sum; empty: the profile's own
  std::vector<std::string> focus;  // keep samples with a frame matching each of these
  std::vector<std::string> ignore; // drop samples with a frame matching this (at most one)
  bool vsPrev = false;             // score the change from the process's previous bundle
  bool withTrace = false;          // only bundles that carry an execution trace
  bool hosts = false;              // print the pile's hosts instead
  bool writeLinks = false;         // write _link/prev and _link/next instead
  bool json = false;               // JSON lines instead of `PATH SCORE`
  unsigned threads = 0;            // bundles scored at once (0: one per core)
  uint64_t maxBytes = uint64_t(64) << 20;  // -max-size: the largest meta, member or uncompressed profile read
};

// Exit code 1 when a bundle was damaged (reported and skipped). Paths with
// control characters are Go-quoted in text output and in messages.
int runApshuffle(const ApshuffleOptions& options, cli::Console& console);

}  // namespace gotrace::commands
