// An Autoprof profile bundle: one model for a bundle extracted to a
// directory (a directory holding a file named `meta`) and for the
// uncompressed zip archive Autoprof writes, read in place (bundle_pile.h
// finds them).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/bundles/bundle_meta.h"

namespace gotrace::bundles {

class Bundle {
 public:
  virtual ~Bundle() = default;

  // Where the bundle is, relative to the pile's root (a directory or a zip file).
  const std::string& path() const { return path_; }
  const BundleMeta& meta() const { return meta_; }
  // The largest member (and uncompressed profile) read, in bytes.
  uint64_t maxBytes() const { return maxBytes_; }
  virtual bool isArchive() const = 0;

  // A member's bytes ("pprof/heap"), or nullopt when the bundle has no such
  // member. Throws Error when it exists but cannot be read, is not a regular
  // file (a directory, a FIFO, a device), or is larger than maxBytes().
  virtual std::optional<std::vector<uint8_t>> read(const std::string& member) const = 0;
  // Whether the member exists as a (regular) file; a symlink to a file counts.
  virtual bool hasFile(const std::string& member) const = 0;

 protected:
  Bundle(std::string path, BundleMeta meta, uint64_t maxBytes)
      : path_(std::move(path)), meta_(std::move(meta)), maxBytes_(maxBytes) {}

 private:
  std::string path_;
  BundleMeta meta_;
  uint64_t maxBytes_;
};

}  // namespace gotrace::bundles
