// A table keyed by the per-generation ids of v2 traces (strings, stacks).
// Ids are usually small and dense, but a damaged or hostile trace can use any
// 64-bit value, so the table starts as a hash map and becomes a vector only
// when the ids turn out to be compact.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace gotrace::v2 {

template <typename T>
class IdTable {
 public:
  // Adds `value` under `id`; false if the id is already present.
  bool insert(uint64_t id, T value) {
    return sparse_.try_emplace(id, std::move(value)).second;
  }

  // Switches to a dense vector when that costs at most ~2x the entries.
  void compact() {
    if (sparse_.empty()) return;
    uint64_t maxId = 0;
    for (auto& [id, v] : sparse_) maxId = std::max(maxId, id);
    if (maxId > 2 * sparse_.size() + 64) return;
    dense_.resize(size_t(maxId) + 1);
    present_.assign(size_t(maxId) + 1, false);
    for (auto& [id, v] : sparse_) {
      dense_[size_t(id)] = std::move(v);
      present_[size_t(id)] = true;
    }
    sparse_.clear();
  }

  T* get(uint64_t id) {
    if (id < dense_.size()) return present_[size_t(id)] ? &dense_[size_t(id)] : nullptr;
    auto it = sparse_.find(id);
    return it == sparse_.end() ? nullptr : &it->second;
  }
  const T* get(uint64_t id) const { return const_cast<IdTable*>(this)->get(id); }
  bool contains(uint64_t id) const { return get(id) != nullptr; }
  size_t size() const { return dense_.empty() ? sparse_.size() : dense_.size(); }

  template <typename F>
  void forEach(F&& f) const {
    for (size_t i = 0; i < dense_.size(); i++) {
      if (present_[i]) f(uint64_t(i), dense_[i]);
    }
    for (auto& [id, v] : sparse_) f(id, v);
  }

 private:
  std::unordered_map<uint64_t, T> sparse_;
  std::vector<T> dense_;
  std::vector<bool> present_;
};

}  // namespace gotrace::v2
