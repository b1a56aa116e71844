#include "gotrace/trace/stack_table.h"

#include <algorithm>

namespace gotrace {
namespace {

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

}  // namespace

size_t StackTable::FrameHash::operator()(const Frame& f) const {
  uint64_t h = mix(f.pc, f.func);
  h = mix(h, f.file);
  return size_t(mix(h, f.line));
}

StackTable::StackTable() {
  frames_.emplace_back();      // FrameId 0 is unused
  stacks_.push_back({0, 0});   // StackId 0 = no stack
}

FrameId StackTable::internFrame(const Frame& frame) {
  auto [it, added] = frameIndex_.try_emplace(frame, FrameId(frames_.size()));
  if (added) frames_.push_back(frame);
  return it->second;
}

StackId StackTable::intern(std::span<const FrameId> frames) {
  uint64_t h = frames.size();
  for (FrameId f : frames) h = mix(h, f);
  auto [lo, hi] = stackIndex_.equal_range(h);
  for (auto it = lo; it != hi; ++it) {
    auto existing = this->frames(it->second);
    if (std::equal(existing.begin(), existing.end(), frames.begin(), frames.end())) return it->second;
  }
  StackId id = StackId(stacks_.size());
  stacks_.push_back({uint32_t(framePool_.size()), uint32_t(frames.size())});
  framePool_.insert(framePool_.end(), frames.begin(), frames.end());
  stackIndex_.emplace(h, id);
  return id;
}

}  // namespace gotrace
