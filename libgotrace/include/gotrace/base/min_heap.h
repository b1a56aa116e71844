// A binary min-heap that moves its items exactly as Go's container/heap
// does (and Go's trace reader's own removal), so that items with equal keys
// come out in Go's order: the trace readers' frontiers depend on it.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace gotrace {

// `Less(a, b)`: a comes out before b. Equal items are not reordered by a
// sift (the comparisons are strict, as Go's).
template <typename T, typename Less>
class MinHeap {
 public:
  explicit MinHeap(Less less = Less()) : less_(std::move(less)) {}

  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const T& top() const { return items_.front(); }
  T& operator[](size_t i) { return items_[i]; }
  const T& operator[](size_t i) const { return items_[i]; }
  // The items in heap order. A caller may sort them: a sorted array is a heap.
  std::vector<T>& items() { return items_; }

  // heap.Push
  void push(T item) {
    items_.push_back(std::move(item));
    up(items_.size() - 1);
  }
  // heap.Pop
  T pop() {
    std::swap(items_.front(), items_.back());
    down(0, items_.size() - 1);
    T item = std::move(items_.back());
    items_.pop_back();
    return item;
  }
  // heap.Fix: item i's key changed.
  void fix(size_t i) {
    if (up(i) == i) down(i, items_.size());
  }
  // Go's trace reader removes an item by sifting it to the root whatever the
  // keys, then dropping the root (not heap.Remove's way).
  void removeBySiftingToRoot(size_t i) {
    for (; i > 0; i = (i - 1) / 2) std::swap(items_[(i - 1) / 2], items_[i]);
    std::swap(items_.front(), items_.back());
    items_.pop_back();
    if (!items_.empty()) down(0, items_.size());
  }

 private:
  size_t up(size_t j) {
    while (j > 0) {
      const size_t i = (j - 1) / 2;
      if (!less_(items_[j], items_[i])) break;
      std::swap(items_[i], items_[j]);
      j = i;
    }
    return j;
  }
  void down(size_t i, size_t n) {
    for (;;) {
      size_t j = 2 * i + 1;
      if (j >= n) break;
      if (j + 1 < n && less_(items_[j + 1], items_[j])) j++;
      if (!less_(items_[j], items_[i])) break;
      std::swap(items_[i], items_[j]);
      i = j;
    }
  }

  std::vector<T> items_;
  Less less_;
};

}  // namespace gotrace
