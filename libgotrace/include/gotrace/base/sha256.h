// SHA-256 (FIPS 180-4): graph node names, and comparing output with recorded digests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gotrace {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::string hexDigest();  // finishes the hash

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t bufLen_ = 0;
  uint64_t total_ = 0;
};

// The lowercase hex SHA-256 of `data`.
std::string sha256Hex(std::string_view data);

}  // namespace gotrace
