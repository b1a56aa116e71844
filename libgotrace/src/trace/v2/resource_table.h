// Goroutines, procs and threads by id, for the ordering's per-event
// lookups. Ids come in dense runs (the runtime hands goroutine ids out in
// increasing blocks), so entries live in pages of consecutive ids: a lookup
// is a check of the page last used, and pages whose resources are all gone
// are given back, so memory follows the live resources, not the ids ever
// seen. Ids that would make pages mostly empty (scattered long-lived
// goroutines, or a hostile trace's arbitrary ids) go to a hash map instead,
// so memory stays within a small multiple of the live entries. Entries
// never move while they exist.
#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace gotrace::v2 {

template <typename T>
class ResourceTable {
 public:
  T* find(int64_t id) {
    Page* page = pageOf(id);
    if (page && page->present[slotOf(id)]) return &page->items[slotOf(id)];
    return findSparse(id);
  }
  bool contains(int64_t id) { return find(id) != nullptr; }

  // The entry, created (default) if absent.
  T& operator[](int64_t id) {
    Page* page = pageOf(id);
    const size_t slot = slotOf(id);
    if (page && page->present[slot]) return page->items[slot];
    // (An id can be in the map while its page exists: the page came later.)
    if (T* sparse = findSparse(id)) return *sparse;
    if (!page) {
      if (!worthAPage()) return sparse_[id];
      page = newPage(id);
    }
    page->present[slot] = true;
    page->live++;
    paged_++;
    return page->items[slot];
  }

  void erase(int64_t id) {
    Page* page = pageOf(id);
    const size_t slot = slotOf(id);
    if (!page || !page->present[slot]) {
      sparse_.erase(id);
      return;
    }
    page->items[slot] = T();
    page->present[slot] = false;
    paged_--;
    if (--page->live == 0) releasePage(uint64_t(id) >> kPageBits);
  }

  // Calls f(id, entry) for every entry, in id order (as unsigned).
  template <typename F>
  void forEach(F&& f) {
    std::vector<std::pair<uint64_t, T*>> all;
    for (const auto& [key, page] : pages_) {
      for (size_t slot = 0; slot < kPageSize; slot++) {
        if (page->present[slot]) all.emplace_back(key << kPageBits | slot, &page->items[slot]);
      }
    }
    for (auto& [id, entry] : sparse_) all.emplace_back(uint64_t(id), &entry);
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [id, entry] : all) f(int64_t(id), *entry);
  }

 private:
  static constexpr unsigned kPageBits = 8;
  // Pages beyond the first few must hold this many live entries on average.
  static constexpr size_t kFreePages = 16, kMinLivePerPage = 32;
  static constexpr size_t kPageSize = size_t(1) << kPageBits;
  struct Page {
    std::array<T, kPageSize> items{};
    std::bitset<kPageSize> present;
    uint32_t live = 0;
  };

  T* findSparse(int64_t id) {
    if (sparse_.empty()) return nullptr;
    auto it = sparse_.find(id);
    return it == sparse_.end() ? nullptr : &it->second;
  }

  static size_t slotOf(int64_t id) { return size_t(uint64_t(id) & (kPageSize - 1)); }

  Page* pageOf(int64_t id) {
    const uint64_t key = uint64_t(id) >> kPageBits;
    if (lastPage_ && key == lastKey_) return lastPage_;
    auto it = pages_.find(key);
    if (it == pages_.end()) return nullptr;
    lastKey_ = key;
    lastPage_ = it->second.get();
    return lastPage_;
  }

  bool worthAPage() const { return pages_.size() < kFreePages || paged_ >= pages_.size() * kMinLivePerPage; }

  Page* newPage(int64_t id) {
    const uint64_t key = uint64_t(id) >> kPageBits;
    // An emptied page is kept for the next one: the newest page empties and
    // refills all the time as short-lived goroutines come and go.
    std::unique_ptr<Page> page = spare_ ? std::move(spare_) : std::make_unique<Page>();
    lastKey_ = key;
    lastPage_ = page.get();
    pages_.emplace(key, std::move(page));
    return lastPage_;
  }

  void releasePage(uint64_t key) {
    auto it = pages_.find(key);
    if (lastPage_ == it->second.get()) lastPage_ = nullptr;
    spare_ = std::move(it->second);  // all entries are default again
    pages_.erase(it);
  }

  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
  uint64_t lastKey_ = 0;
  Page* lastPage_ = nullptr;
  std::unique_ptr<Page> spare_;
  size_t paged_ = 0;  // live entries in pages
  std::unordered_map<int64_t, T> sparse_;
};

}  // namespace gotrace::v2
