#include "gotrace/pprof/sample_filter.h"

#include <re2/re2.h>

#include "gotrace/base/error.h"

namespace gotrace::pprof {
namespace {

std::unique_ptr<RE2> compile(const std::string& pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok()) throw Error("invalid regexp \"" + pattern + "\": " + re->error());
  return re;
}

bool locationMatches(const Profile& p, const Location& loc, const RE2& re) {
  for (const Line& l : loc.lines) {
    const Function& f = p.functions[l.function];
    if (RE2::PartialMatch(f.name, re) || RE2::PartialMatch(f.filename, re)) return true;
  }
  return loc.mapping >= 0 && RE2::PartialMatch(p.mappings[size_t(loc.mapping)].filename, re);
}

// Per-location answers for one regexp, computed on first use.
class MatchCache {
 public:
  MatchCache(const Profile& p, const RE2& re) : p_(p), re_(re), known_(p.locations.size(), -1) {}
  bool matches(uint32_t loc) {
    if (known_[loc] < 0) known_[loc] = locationMatches(p_, p_.locations[loc], re_) ? 1 : 0;
    return known_[loc] == 1;
  }

 private:
  const Profile& p_;
  const RE2& re_;
  std::vector<int8_t> known_;
};

}  // namespace

SampleFilter::SampleFilter(const std::vector<std::string>& focus, const std::optional<std::string>& ignore) {
  for (const std::string& f : focus) focus_.push_back(compile(f));
  if (ignore) ignore_ = compile(*ignore);
}

SampleFilter::SampleFilter(SampleFilter&&) noexcept = default;
SampleFilter::~SampleFilter() = default;

std::vector<size_t> SampleFilter::apply(const Profile& p) const {
  std::vector<size_t> kept;
  for (size_t i = 0; i < p.samples.size(); i++) kept.push_back(i);
  if (ignore_) {
    // Kept: no location matches ignore, and some location does not (so a
    // sample without locations goes too).
    MatchCache ignored(p, *ignore_);
    std::erase_if(kept, [&](size_t i) {
      bool focused = false;
      for (uint32_t loc : p.samples[i].locations) {
        if (ignored.matches(loc)) return true;
        focused = true;
      }
      return !focused;
    });
  }
  for (const auto& re : focus_) {
    MatchCache focused(p, *re);
    std::erase_if(kept, [&](size_t i) {
      for (uint32_t loc : p.samples[i].locations) {
        if (focused.matches(loc)) return false;
      }
      return true;
    });
  }
  return kept;
}

}  // namespace gotrace::pprof
