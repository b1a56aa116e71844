// Decoding v1 events from the trace bytes: the type/argument-count byte,
// inline or length-prefixed values, string records, a UserLog's message.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gotrace::v1 {

struct RawEvent {
  uint8_t type = 0;       // EvNone for a string record
  std::vector<uint64_t> args;
  std::string_view message;  // UserLog's trailing string
  uint64_t offset = 0;       // input offset of the event's first byte
};

// The trace-wide string dictionary (ids are global in v1).
using StringDictionary = std::unordered_map<uint64_t, std::string_view>;

class RawReader {
 public:
  enum Flags : unsigned { kSkipArgs = 1, kSkipStrings = 2 };

  // `data` is the trace after its header, which begins at input offset `base`.
  RawReader(std::span<const uint8_t> data, uint64_t base, int version)
      : data_(data), base_(base), version_(version) {}

  size_t pos() const { return pos_; }
  void seek(size_t pos) { pos_ = pos; }

  // Reads one event. Returns false at the end of the data. String records
  // are added to `strings` unless skipped. Throws Error with Go's messages.
  bool next(RawEvent& ev, unsigned flags, StringDictionary* strings);

 private:
  uint64_t value(uint64_t eventOffset, const char* context = nullptr, uint8_t type = 0);
  std::span<const uint8_t> bytes(uint64_t n, uint64_t eventOffset);
  bool discard(uint64_t n);

  std::span<const uint8_t> data_;
  uint64_t base_;
  int version_;
  size_t pos_ = 0;
};

}  // namespace gotrace::v1
