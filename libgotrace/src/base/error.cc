#include "gotrace/base/error.h"

#include <fmt/format.h>

namespace gotrace {

std::string Error::describe() const {
  std::string out;
  if (!file_.empty()) out = file_ + ": ";
  if (offset_) out += fmt::format("offset {}: ", *offset_);
  return out + what();
}

}  // namespace gotrace
