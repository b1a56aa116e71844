// Errors: bad input (what went wrong and, when known, in which file and at
// which byte), and bad usage (a flag value a command cannot use).
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

// Runs `body`; an Error escaping it is given `file` (unless it names one
// already): for errors thrown by code that does not know its input's name.
template <typename Body>
decltype(auto) withFile(const std::string& file, Body&& body) {
  try {
    return body();
  } catch (Error& e) {
    e.setFile(file);
    throw;
  }
}

// A flag value that cannot be used, found by a command after the flags were
// parsed (a bad regexp, an unknown kind): the tool reports it as a usage
// error (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gotrace
