// SHA-256 (OpenSSL's libcrypto, which uses the CPU's SHA instructions):
// graph node names, trace hashes in profile labels, comparing output with
// recorded digests.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gotrace {

class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();

  void update(std::string_view data);
  std::string hexDigest();  // finishes the hash

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// The lowercase hex SHA-256 of `data`.
std::string sha256Hex(std::string_view data);

}  // namespace gotrace
