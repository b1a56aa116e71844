// Interned strings: every distinct text of a trace is stored once and named by
// a small id. Id 0 is always the empty string.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gotrace {

using StringId = uint32_t;

class StringTable {
 public:
  StringTable();
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;
  StringTable(StringTable&&) = default;
  StringTable& operator=(StringTable&&) = default;

  // Returns the id of `text`, adding it if it is new.
  StringId intern(std::string_view text);

  // The text of an id returned by intern(). The view stays valid for the
  // table's lifetime.
  std::string_view view(StringId id) const { return views_[id]; }

  size_t size() const { return views_.size(); }

 private:
  std::string_view store(std::string_view text);

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t blockUsed_ = 0;
  size_t blockSize_ = 0;
  std::vector<std::string_view> views_;
  std::unordered_map<std::string_view, StringId> index_;
};

}  // namespace gotrace
