// A pile of bundles: finding every bundle below a directory, its hosts, and
// links between a process's consecutive bundles.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gotrace/bundles/bundle.h"

namespace gotrace::bundles {

// Something wrong with one bundle; the rest of the pile still counts.
struct BundleProblem {
  std::string path;
  std::string message;
};

struct BundlePile {
  std::string root;
  std::vector<std::unique_ptr<Bundle>> bundles;  // sorted: capture time, then proc_id; duplicates removed
  std::vector<BundleProblem> problems;
};

// The largest member read from a bundle by default (meta, a profile, a zip
// member), uncompressed: 64 MiB.
constexpr uint64_t kDefaultMaxMemberBytes = uint64_t(64) << 20;

// Finds every bundle below `root`, walking the tree in lexical order without
// following symlinks: each directory holding a file named `meta` (not inside
// another bundle), and each zip archive with a `meta` member. Members larger
// than `maxBytes` are refused. Unreadable directories and damaged bundles
// are problems of the pile. Throws Error when `root` cannot be read.
BundlePile findBundles(const std::string& root, uint64_t maxBytes = kDefaultMaxMemberBytes);

// Distinct hostnames, sorted by their dot-separated labels from the last one
// backwards (so all of one domain sort together).
std::vector<std::string> sortedHosts(const std::vector<const Bundle*>& bundles);

// For each process (proc_id), links consecutive bundles: `_link/prev` in the
// later one and `_link/next` in the earlier one, as relative symlinks that
// `go tool pprof -base _link/prev/pprof/heap` can follow. Existing links are
// replaced; an existing non-link file of that name is left alone. Nothing
// is written outside the pile: a bundle whose `_link` is not a directory of
// its own (a symlink, a file) is left alone and reported. Only directory
// bundles can hold links.
struct LinkResult {
  size_t archives = 0;                  // zip bundles passed over
  std::vector<BundleProblem> problems;  // bundles left without links, and why
};
LinkResult writeLinks(const BundlePile& pile);

}  // namespace gotrace::bundles
