// The stack-pattern language of the toolbox: a list of specs from the root
// frame to the leaf, each either "**" (any number of frames) or an RE2 regexp
// that must find a match in one frame's function name. The whole stack must
// be accounted for.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/trace/stack_table.h"
#include "gotrace/trace/string_table.h"

namespace re2 {
class RE2;
}

namespace gotrace {

class StackPattern {
 public:
  StackPattern();
  // Compiles the specs (root first). Throws Error for an invalid regexp.
  explicit StackPattern(std::vector<std::string> specs);
  StackPattern(StackPattern&&) noexcept;
  StackPattern& operator=(StackPattern&&) noexcept;
  ~StackPattern();

  const std::vector<std::string>& specs() const { return specs_; }

  // Function names leaf first, as stacks are stored.
  bool matches(std::span<const std::string_view> leafFirst) const;

  // Matches an interned stack. No results are remembered here (ids mean
  // different things in different traces): callers cache per stack id.
  bool matches(StackId stack, const StackTable& stacks, const StringTable& strings) const;

 private:
  struct Spec {
    bool any = false;
    std::unique_ptr<re2::RE2> re;
  };
  template <typename FrameMatches>
  bool run(size_t frames, FrameMatches&& frameMatches) const;
  bool specMatches(size_t spec, std::string_view func) const;

  std::vector<std::string> specs_;
  std::vector<Spec> compiled_;  // consecutive "**" collapsed
};

// Removes a vendoring prefix: everything through the last "/vendor/", and a
// leading "vendor/".
std::string_view trimVendor(std::string_view func);

}  // namespace gotrace
