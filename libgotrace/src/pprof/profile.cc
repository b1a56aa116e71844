#include "gotrace/pprof/profile.h"

namespace gotrace::pprof {

int Profile::sampleTypeIndex(std::string_view type) const {
  for (size_t i = 0; i < sampleTypes.size(); i++) {
    if (sampleTypes[i].type == type) return int(i);
  }
  return -1;
}

}  // namespace gotrace::pprof
