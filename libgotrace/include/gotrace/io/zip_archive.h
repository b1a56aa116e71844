// Reading members of a zip archive in place (libzip), as Autoprof writes
// bundles: stored members, sizes in data descriptors.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct zip;         // libzip's archive handle
struct zip_source;  // and data source

namespace gotrace {

class ZipArchive {
 public:
  // Opens `path`. Throws Error when it is not a readable zip archive.
  explicit ZipArchive(const std::string& path);
  // Reads an archive held in memory (which must outlive this object).
  ZipArchive(std::span<const uint8_t> data, std::string name);
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;
  ~ZipArchive();

  bool has(const std::string& member) const;
  // Member names, in archive order.
  std::vector<std::string> members() const;
  // The member's bytes, or nullopt when there is no such member. Throws
  // Error when it cannot be read (truncated or corrupt archive) or is larger
  // than `maxBytes` uncompressed.
  std::optional<std::vector<uint8_t>> read(const std::string& member, uint64_t maxBytes = kDefaultMaxBytes) const;

  // The largest member read by default: 1 GiB.
  static constexpr uint64_t kDefaultMaxBytes = uint64_t(1) << 30;

  // Whether a file starts like a zip archive ("PK\3\4").
  static bool looksLikeZip(const std::string& path);

 private:
  void open(::zip_source* source);

  std::string path_;
  uint64_t size_ = 0;  // the archive's bytes: members cannot plausibly be much larger
  ::zip* zip_ = nullptr;
};

}  // namespace gotrace
