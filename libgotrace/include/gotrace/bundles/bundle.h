// Autoprof profile bundles: one model for a bundle extracted to a directory
// (a directory holding a file named `meta`) and for the uncompressed zip
// archive Autoprof writes, read in place.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

class Bundle {
 public:
  virtual ~Bundle() = default;

  // Where the bundle is, relative to the pile's root (a directory or a zip file).
  const std::string& path() const { return path_; }
  const BundleMeta& meta() const { return meta_; }
  virtual bool isArchive() const = 0;

  // A member's bytes ("pprof/heap"), or nullopt when the bundle has no such
  // member. Throws Error when it exists but cannot be read.
  virtual std::optional<std::vector<uint8_t>> read(const std::string& member) const = 0;
  // Whether the member exists as a (regular) file; a symlink to a file counts.
  virtual bool hasFile(const std::string& member) const = 0;

 protected:
  Bundle(std::string path, BundleMeta meta) : path_(std::move(path)), meta_(std::move(meta)) {}

 private:
  std::string path_;
  BundleMeta meta_;
};

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

// Finds every bundle below `root`, walking the tree in lexical order without
// following symlinks: each directory holding a file named `meta` (not inside
// another bundle), and each zip archive with a `meta` member. Throws Error
// when `root` cannot be read.
BundlePile findBundles(const std::string& root);

// Distinct hostnames, sorted by their dot-separated labels from the last one
// backwards (so all of one domain sort together).
std::vector<std::string> sortedHosts(const std::vector<const Bundle*>& bundles);

// For each process (proc_id), links consecutive bundles: `_link/prev` in the
// later one and `_link/next` in the earlier one, as relative symlinks that
// `go tool pprof -base _link/prev/pprof/heap` can follow. Existing links are
// replaced; an existing non-link file of that name is left alone. Only
// directory bundles can hold links; returns how many zip bundles were
// passed over. Throws Error on other failures.
size_t writeLinks(const BundlePile& pile);

}  // namespace gotrace::bundles
