#include "support/v1_trace_builder.h"

#include <string>

namespace gotrace::testing {
namespace {

void putUvarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(uint8_t(v) | 0x80);
    v >>= 7;
  }
  out.push_back(uint8_t(v));
}

}  // namespace

V1TraceBuilder::V1TraceBuilder(int version) {
  std::string header = "go 1." + std::to_string(version) + " trace";
  header.resize(16, '\0');
  out_.assign(header.begin(), header.end());
}

void V1TraceBuilder::uvarint(uint64_t v) { putUvarint(out_, v); }

V1TraceBuilder& V1TraceBuilder::batch(int64_t p, uint64_t ticks) {
  out_.push_back(uint8_t(1 | 1 << 6));
  uvarint(p < 0 ? UINT64_MAX : uint64_t(p));
  uvarint(ticks);
  return *this;
}

V1TraceBuilder& V1TraceBuilder::event(uint8_t type, std::vector<uint64_t> values) {
  const size_t after = values.empty() ? 0 : values.size() - 1;
  if (after < 3) {
    out_.push_back(uint8_t(type | after << 6));
    for (uint64_t v : values) uvarint(v);
  } else {
    out_.push_back(uint8_t(type | 3 << 6));
    std::vector<uint8_t> body;
    for (uint64_t v : values) putUvarint(body, v);
    uvarint(body.size());
    out_.insert(out_.end(), body.begin(), body.end());
  }
  return *this;
}

V1TraceBuilder& V1TraceBuilder::userLog(std::vector<uint64_t> values, std::string_view message) {
  event(48, std::move(values));
  uvarint(message.size());
  out_.insert(out_.end(), message.begin(), message.end());
  return *this;
}

V1TraceBuilder& V1TraceBuilder::string(uint64_t id, std::string_view text) {
  out_.push_back(37);
  uvarint(id);
  uvarint(text.size());
  out_.insert(out_.end(), text.begin(), text.end());
  return *this;
}

V1TraceBuilder& V1TraceBuilder::frequency(uint64_t ticksPerSecond) { return event(2, {ticksPerSecond}); }

V1TraceBuilder& V1TraceBuilder::stack(uint64_t id, std::vector<Frame> frames) {
  std::vector<uint64_t> values{id, frames.size()};
  for (const Frame& f : frames) values.insert(values.end(), {f.pc, f.func, f.file, f.line});
  // Always length-prefixed, like the runtime's stack records.
  out_.push_back(uint8_t(3 | 3 << 6));
  std::vector<uint8_t> body;
  for (uint64_t v : values) putUvarint(body, v);
  uvarint(body.size());
  out_.insert(out_.end(), body.begin(), body.end());
  return *this;
}

V1TraceBuilder& V1TraceBuilder::raw(std::vector<uint8_t> bytes) {
  out_.insert(out_.end(), bytes.begin(), bytes.end());
  return *this;
}

}  // namespace gotrace::testing
