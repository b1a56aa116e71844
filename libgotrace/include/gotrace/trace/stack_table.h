// Interned call stacks. A stack is a list of frames, leaf first; frames and
// stacks are stored once per trace and named by small ids.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "gotrace/trace/string_table.h"

namespace gotrace {

using StackId = uint32_t;  // 0 = no stack (an empty stack has its own id)
using FrameId = uint32_t;

constexpr StackId kNoStack = 0;

struct Frame {
  uint64_t pc = 0;
  StringId func = 0;
  StringId file = 0;
  uint64_t line = 0;

  bool operator==(const Frame&) const = default;
};

class StackTable {
 public:
  StackTable();

  FrameId internFrame(const Frame& frame);
  StackId intern(std::span<const FrameId> frames);

  const Frame& frame(FrameId id) const { return frames_[id]; }
  std::span<const FrameId> frames(StackId id) const {
    const Range& r = stacks_[id];
    return {framePool_.data() + r.begin, r.count};
  }
  size_t size() const { return stacks_.size(); }

 private:
  struct Range {
    uint32_t begin;
    uint32_t count;
  };
  struct FrameHash {
    size_t operator()(const Frame& f) const;
  };

  std::vector<Frame> frames_;
  std::unordered_map<Frame, FrameId, FrameHash> frameIndex_;
  std::vector<FrameId> framePool_;
  std::vector<Range> stacks_;
  // Hash of the frame list -> stacks with that hash.
  std::unordered_multimap<uint64_t, StackId> stackIndex_;
};

}  // namespace gotrace
