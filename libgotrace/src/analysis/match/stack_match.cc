#include "gotrace/analysis/match/stack_match.h"

#include <re2/re2.h>

#include "gotrace/base/error.h"

namespace gotrace {

std::string_view trimVendor(std::string_view func) {
  constexpr std::string_view kVendor = "/vendor/";
  if (auto pos = func.rfind(kVendor); pos != std::string_view::npos) func.remove_prefix(pos + kVendor.size());
  if (func.starts_with("vendor/")) func.remove_prefix(7);
  return func;
}

StackPattern::StackPattern() = default;
StackPattern::StackPattern(StackPattern&&) noexcept = default;
StackPattern& StackPattern::operator=(StackPattern&&) noexcept = default;
StackPattern::~StackPattern() = default;

StackPattern::StackPattern(std::vector<std::string> specs) : specs_(std::move(specs)) {
  for (const std::string& s : specs_) {
    if (s == "**") {
      if (compiled_.empty() || !compiled_.back().any) compiled_.push_back(Spec{true, nullptr});
      continue;
    }
    RE2::Options opts;
    opts.set_log_errors(false);
    auto re = std::make_unique<RE2>(s, opts);
    if (!re->ok()) throw Error("could not compile regexp \"" + s + "\": " + re->error());
    compiled_.push_back(Spec{false, std::move(re)});
  }
}

bool StackPattern::specMatches(size_t spec, std::string_view func) const {
  return RE2::PartialMatch(trimVendor(func), *compiled_[spec].re);
}

template <typename FrameMatches>
bool StackPattern::run(size_t frames, FrameMatches&& frameMatches) const {
  // An NFA over positions 0..n (the number of specs consumed), walked from
  // the root frame to the leaf. "**" consumes any number of frames, zero
  // included, wherever it stands: a live position at a "**" also makes the
  // position after it live without consuming a frame.
  const size_t n = compiled_.size();
  std::vector<char> live(n + 1, 0), next(n + 1, 0);
  auto close = [&](std::vector<char>& set) {
    for (size_t k = 0; k < n; k++) {
      if (set[k] && compiled_[k].any) set[k + 1] = 1;
    }
  };
  live[0] = 1;
  close(live);
  for (size_t f = 0; f < frames; f++) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (size_t k = 0; k < n; k++) {
      if (!live[k]) continue;
      if (compiled_[k].any) {
        next[k] = 1;  // the "**" takes this frame too
        any = true;
      } else if (frameMatches(k, f)) {
        next[k + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    live.swap(next);
  }
  return live[n] != 0;
}

bool StackPattern::matches(std::span<const std::string_view> leafFirst) const {
  const size_t count = leafFirst.size();
  return run(count, [&](size_t spec, size_t rootIndex) {
    return specMatches(spec, leafFirst[count - 1 - rootIndex]);
  });
}

bool StackPattern::matches(StackId stack, const StackTable& stacks, const StringTable& strings) const {
  std::span<const FrameId> frames = stack == kNoStack ? std::span<const FrameId>() : stacks.frames(stack);
  const size_t count = frames.size();
  return run(count, [&](size_t spec, size_t rootIndex) {
    return specMatches(spec, strings.view(stacks.frame(frames[count - 1 - rootIndex]).func));
  });
}

}  // namespace gotrace
