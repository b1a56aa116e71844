// Writes small v1 (Go 1.11-1.21) traces byte by byte for tests: batches,
// events with their values (timestamp delta first, stack id last, as on the
// wire), strings, frequency and stack records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gotrace::testing {

class V1TraceBuilder {
 public:
  explicit V1TraceBuilder(int version = 19);

  V1TraceBuilder& batch(int64_t p, uint64_t ticks);
  // An event of `type` with all its values; the argument-count bits and the
  // length prefix are chosen as the runtime does.
  V1TraceBuilder& event(uint8_t type, std::vector<uint64_t> values);
  V1TraceBuilder& userLog(std::vector<uint64_t> values, std::string_view message);
  V1TraceBuilder& string(uint64_t id, std::string_view text);
  V1TraceBuilder& frequency(uint64_t ticksPerSecond);
  struct Frame {
    uint64_t pc, func, file, line;
  };
  V1TraceBuilder& stack(uint64_t id, std::vector<Frame> frames);
  // Raw bytes, for damage.
  V1TraceBuilder& raw(std::vector<uint8_t> bytes);

  size_t size() const { return out_.size(); }  // the offset of what comes next
  const std::vector<uint8_t>& bytes() const { return out_; }

 private:
  void uvarint(uint64_t v);

  std::vector<uint8_t> out_;
};

}  // namespace gotrace::testing
