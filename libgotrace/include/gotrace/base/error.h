// Errors raised by the decoders: what went wrong and, when known, where.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace gotrace {

// A malformed or unreadable input. `offset` is the byte offset in the input
// where the problem was found, when the decoder knows it.
class Error : public std::runtime_error {
 public:
  explicit Error(std::string message, std::optional<uint64_t> offset = std::nullopt)
      : std::runtime_error(std::move(message)), offset_(offset) {}

  const std::optional<uint64_t>& offset() const { return offset_; }

  // The input the error is about, when known.
  const std::string& file() const { return file_; }
  Error& setFile(std::string file) {
    if (file_.empty()) file_ = std::move(file);
    return *this;
  }

  // "FILE: offset N: message", leaving out what is unknown.
  std::string describe() const;

 private:
  std::optional<uint64_t> offset_;
  std::string file_;
};

}  // namespace gotrace
