// Building a profile from stack frames, interning functions and locations.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "gotrace/pprof/profile.h"

namespace gotrace::pprof {

// Builds a profile from stack frames: functions and locations are interned
// (by name and file; by address, function and line), ids assigned from 1.
class ProfileBuilder {
 public:
  explicit ProfileBuilder(Profile base = {}) : profile_(std::move(base)) {}

  // The location of one frame.
  uint32_t location(std::string_view function, std::string_view file, int64_t line, uint64_t pc);
  // A sample; `leafFirst` are location indices.
  void addSample(std::vector<uint32_t> leafFirst, std::vector<int64_t> values, std::vector<Label> labels = {});

  Profile& profile() { return profile_; }

 private:
  Profile profile_;
  std::map<std::pair<std::string, std::string>, uint32_t> functions_;
  std::map<std::tuple<uint64_t, uint32_t, int64_t>, uint32_t> locations_;
};

}  // namespace gotrace::pprof
