// Turns a generation's string and stack ids into the trace-wide interned ids
// of TraceTables, on first use.
#pragma once

#include <cstdint>
#include <vector>

#include "gotrace/trace/trace_reader.h"
#include "v2/generation.h"

namespace gotrace::v2 {

class TableResolver {
 public:
  explicit TableResolver(TraceTables& tables) : tables_(tables) {}

  void setGeneration(Generation* g) { gen_ = g; }
  Generation* generation() const { return gen_; }

  bool hasString(uint64_t id) const { return id == 0 || gen_->strings.contains(id); }
  bool hasStack(uint64_t id) const { return id == 0 || gen_->stacks.contains(id); }

  // The id must exist in the generation (checked with hasString/hasStack).
  StringId string(uint64_t id);
  // Stack id 0 is "no stack".
  StackId stack(uint64_t id);
  // Like stack(), but id 0 names an empty stack rather than none, as Go does
  // for CPU samples and the new goroutine of GoCreate.
  StackId stackOrEmpty(uint64_t id);

  StringId intern(std::string_view text) { return tables_.strings.intern(text); }
  std::string_view text(StringId id) const { return tables_.strings.view(id); }

 private:
  FrameId frame(uint64_t pc);

  TraceTables& tables_;
  Generation* gen_ = nullptr;
  std::vector<FrameId> scratch_;
};

}  // namespace gotrace::v2
