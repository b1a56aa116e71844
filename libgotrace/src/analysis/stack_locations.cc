#include "gotrace/analysis/stack_locations.h"

namespace gotrace {

std::vector<uint32_t> stackLocations(pprof::ProfileBuilder& profile, StackId stack, const TraceTables& tables) {
  std::vector<uint32_t> locations;
  if (stack == kNoStack) return locations;
  for (FrameId f : tables.stacks.frames(stack)) {
    const Frame& frame = tables.stacks.frame(f);
    locations.push_back(profile.location(tables.strings.view(frame.func), tables.strings.view(frame.file),
                                         int64_t(frame.line), frame.pc));
  }
  return locations;
}

}  // namespace gotrace
