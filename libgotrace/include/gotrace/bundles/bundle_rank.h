// apshuffle's ranking: score each bundle by the sum of one sample type of
// one of its profiles (after -focus/-ignore), optionally as the change from
// the same process's previous bundle, and order the pile by score.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gotrace/bundles/bundle_pile.h"

namespace gotrace::bundles {

// Scores are summed in 128-bit integers: no overflow for any realistic pile.
using Score = __int128;
std::string formatScore(Score s);

struct RankOptions {
  std::string profile;            // the file under pprof/: goroutine, heap, profile, ...
  std::string sampleType;         // empty: the profile's declared default
  std::vector<std::string> focus;  // each must match a frame
  std::optional<std::string> ignore;
  bool vsPrev = false;             // score minus the previous bundle's of the same process
  unsigned threads = 0;            // 0: one per core
  // Called from the calling thread now and then while scoring.
  std::function<void(size_t done, size_t total)> progress;
};

struct RankedBundle {
  const Bundle* bundle;
  Score score;
  std::string sampleType;  // the sample type that was summed
};

struct Ranking {
  std::vector<RankedBundle> ranked;  // best first
  std::vector<BundleProblem> problems;  // bundles whose profile could not be read
  // Bundles whose profile has no sample type -sample-type (left out), each
  // with the types it has.
  std::vector<BundleProblem> missingSampleType;
  size_t withProfile = 0;  // bundles that have the profile, readable or not
};

// Bundles without the profile are left out silently; bundles whose profile
// is damaged are left out and reported. Output order: score descending,
// then later capture time, then larger proc_id. Throws Error for an invalid
// -focus/-ignore regexp.
Ranking rankBundles(const std::vector<const Bundle*>& bundles, const RankOptions& options);

}  // namespace gotrace::bundles
