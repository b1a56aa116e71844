#include "gotrace/trace/string_table.h"

#include <algorithm>
#include <cstring>

namespace gotrace {
namespace {
constexpr size_t kBlockSize = 64 * 1024;
}

StringTable::StringTable() {
  views_.emplace_back();
  index_.emplace(std::string_view(), 0);
}

std::string_view StringTable::store(std::string_view text) {
  if (text.empty()) return {};
  if (blocks_.empty() || blockUsed_ + text.size() > blockSize_) {
    blockSize_ = std::max(kBlockSize, text.size());
    blocks_.push_back(std::make_unique<char[]>(blockSize_));
    blockUsed_ = 0;
  }
  char* p = blocks_.back().get() + blockUsed_;
  std::memcpy(p, text.data(), text.size());
  blockUsed_ += text.size();
  return {p, text.size()};
}

StringId StringTable::intern(std::string_view text) {
  auto it = index_.find(text);
  if (it != index_.end()) return it->second;
  std::string_view stored = store(text);
  StringId id = StringId(views_.size());
  views_.push_back(stored);
  index_.emplace(stored, id);
  return id;
}

}  // namespace gotrace
