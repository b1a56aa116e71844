// Per-goroutine (or per-id) state for the v1 reader's passes, looked up once
// or twice for every event. Goroutine ids of real traces are dense (the
// runtime hands them out in small blocks), so entries live in fixed-size
// pages indexed by id: a lookup is two loads, with no hashing. A damaged trace
// can name any 64-bit id; ids past the paged range go to a hash map, so
// memory stays proportional to the ids used. Entries never move once created
// (pages are not reallocated, and unordered_map nodes are stable), so callers
// may hold a reference across later lookups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gotrace::v1 {

template <typename T, unsigned PageBits = 10>
class PagedTable {
 public:
  static constexpr uint64_t kPageSize = uint64_t(1) << PageBits;
  // Ids below this are paged: at most 64K pages, a page table of 512 KB.
  static constexpr uint64_t kPagedLimit = kPageSize << 16;

  // The entry for `id`, value-initialized on first use.
  T& operator[](uint64_t id) {
    if (id < kPagedLimit) {
      const size_t page = size_t(id >> PageBits);
      if (page >= pages_.size()) pages_.resize(page + 1);
      std::unique_ptr<T[]>& p = pages_[page];
      if (!p) p = std::make_unique<T[]>(kPageSize);
      return p[id & (kPageSize - 1)];
    }
    return overflow_[id];
  }

  // The entry for `id` if its page (or hash entry) exists, else nullptr. An
  // entry of an existing page may never have been asked for: it is then
  // value-initialized.
  T* find(uint64_t id) { return const_cast<T*>(std::as_const(*this).find(id)); }
  const T* find(uint64_t id) const {
    if (id < kPagedLimit) {
      const size_t page = size_t(id >> PageBits);
      if (page >= pages_.size() || !pages_[page]) return nullptr;
      return &pages_[page][id & (kPageSize - 1)];
    }
    auto it = overflow_.find(id);
    return it == overflow_.end() ? nullptr : &it->second;
  }

  void clear() {
    pages_.clear();
    pages_.shrink_to_fit();
    overflow_.clear();
  }

  // Bytes held by pages (for tests and measurements).
  size_t pagedBytes() const {
    size_t n = 0;
    for (const auto& p : pages_) n += p ? kPageSize * sizeof(T) : 0;
    return n;
  }

 private:
  std::vector<std::unique_ptr<T[]>> pages_;
  std::unordered_map<uint64_t, T> overflow_;
};

}  // namespace gotrace::v1
