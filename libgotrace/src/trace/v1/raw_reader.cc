#include "v1/raw_reader.h"

#include <fmt/format.h>

#include "gotrace/base/error.h"
#include "gotrace/io/varint.h"
#include "v1/event_types.h"

namespace gotrace::v1 {
namespace {

constexpr const char* kMalformedVarint = "malformatted base-128 varint";
constexpr uint64_t kMaxLengthPrefixed = 2048;
constexpr uint64_t kMaxString = 1000000;

}  // namespace

uint64_t RawReader::value(uint64_t eventOffset, const char* context, uint8_t type) {
  uint64_t v = 0;
  int n = io::decodeUvarint(data_.data() + pos_, data_.data() + data_.size(), v);
  if (n <= 0) {
    if (context) throw Error(fmt::format(fmt::runtime(context), type, kMalformedVarint), eventOffset);
    throw Error(kMalformedVarint, eventOffset);
  }
  pos_ += size_t(n);
  return v;
}

std::span<const uint8_t> RawReader::bytes(uint64_t n, uint64_t eventOffset) {
  if (pos_ >= data_.size() || n > data_.size() - pos_) {
    throw Error("failed to read trace: unexpected EOF", eventOffset);
  }
  auto s = data_.subspan(pos_, size_t(n));
  pos_ += size_t(n);
  return s;
}

bool RawReader::discard(uint64_t n) {
  if (n > data_.size() - pos_) return false;
  pos_ += size_t(n);
  return true;
}

bool RawReader::next(RawEvent& ev, unsigned flags, StringDictionary* strings) {
  if (pos_ >= data_.size()) return false;
  const uint64_t at = base_ + pos_;
  const uint8_t b = data_[pos_++];
  const uint8_t type = b & 0x3f;
  // The top two bits count the values after the first (3: length-prefixed).
  const unsigned count = (b >> 6) + 1u;
  ev.type = type;
  ev.args.clear();
  ev.message = {};
  ev.offset = at;
  if (type == EvNone || type >= EvCount || descOf(type).minVersion > version_) {
    throw Error(fmt::format("unknown event type {}", type), at);
  }

  if (type == EvString) {
    ev.type = EvNone;
    if (flags & kSkipStrings) {
      value(at);
      uint64_t len = value(at);
      if (!discard(len)) throw Error("failed to read trace: EOF", at);
      return true;
    }
    uint64_t id = value(at);
    if (id == 0) throw Error("string has invalid id 0", at);
    auto existing = strings->find(id);
    if (existing != strings->end() && !existing->second.empty()) {
      throw Error(fmt::format("string has duplicate id {}", id), at);
    }
    uint64_t len = value(at);
    if (len == 0) throw Error("string has invalid length 0", at);
    if (len > kMaxString) throw Error(fmt::format("string has too large length {}", len), at);
    auto s = bytes(len, at);
    (*strings)[id] = std::string_view(reinterpret_cast<const char*>(s.data()), s.size());
    return true;
  }

  if (type == EvBatch) {
    if (count != 2) throw Error(fmt::format("EvBatch has wrong number of arguments: got {}, want 2", count), at);
    uint64_t p = value(at);
    if (p != UINT64_MAX && p > uint64_t(INT32_MAX)) {
      throw Error(fmt::format("processor ID {} is larger than maximum of {}", p, UINT64_MAX), at);
    }
    uint64_t ticks = value(at);
    ev.args = {p, ticks};
    return true;
  }

  if (count <= 3) {
    const char* context = "failed to read event {} argument: {}";
    for (unsigned i = 0; i < count; i++) {
      uint64_t v = value(at, context, type);
      if (!(flags & kSkipArgs)) ev.args.push_back(v);
    }
    return true;
  }
  // Length-prefixed values.
  uint64_t len = value(at, "failed to read event {} argument: {}", type);
  if (len > kMaxLengthPrefixed) {
    throw Error(fmt::format("failed to read event {} argument: length-prefixed argument too big: {} bytes, limit is {}",
                            type, len, kMaxLengthPrefixed),
                at);
  }
  if (!(flags & kSkipArgs) || type == EvCPUSample) {
    auto buf = bytes(len, at);
    const uint8_t* p = buf.data();
    const uint8_t* end = p + buf.size();
    while (p < end) {
      uint64_t v = 0;
      int n = io::decodeUvarint(p, end, v);
      if (n <= 0) throw Error(kMalformedVarint, at);
      ev.args.push_back(v);
      p += n;
    }
  } else if (!discard(len)) {
    throw Error("failed to read trace: EOF", at);
  }
  if (type == EvUserLog) {
    if (!(flags & kSkipArgs)) {
      uint64_t size = value(at);
      if (size > kMaxString) throw Error(fmt::format("string is too large (len={})", size), at);
      auto s = bytes(size, at);
      ev.message = std::string_view(reinterpret_cast<const char*>(s.data()), s.size());
    } else {
      uint64_t size = value(at);
      // Go's indexing pass takes a message running past the end as the end.
      if (!discard(size)) {
        pos_ = data_.size();
        return false;
      }
    }
  }
  return true;
}

}  // namespace gotrace::v1
