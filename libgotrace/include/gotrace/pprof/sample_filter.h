// apshuffle's sample filters over pprof profiles: `-focus` (repeatable, all
// must match) and `-ignore`. A location matches a regexp (RE2, unanchored)
// when the function name or file of any of its lines does, or its
// mapping's file name.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gotrace/pprof/profile.h"

namespace re2 {
class RE2;
}

namespace gotrace::pprof {

class SampleFilter {
 public:
  // Throws Error for an invalid regexp.
  SampleFilter(const std::vector<std::string>& focus, const std::optional<std::string>& ignore);
  SampleFilter(SampleFilter&&) noexcept;
  ~SampleFilter();

  bool filtersNothing() const { return focus_.empty() && !ignore_; }

  // The samples of `p` that pass, as indices.
  std::vector<size_t> apply(const Profile& p) const;

 private:
  std::vector<std::unique_ptr<re2::RE2>> focus_;
  std::unique_ptr<re2::RE2> ignore_;
};

}  // namespace gotrace::pprof
