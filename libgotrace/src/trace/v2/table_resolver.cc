#include "v2/table_resolver.h"

namespace gotrace::v2 {

StringId TableResolver::string(uint64_t id) {
  if (id == 0) return 0;
  StringEntry* e = gen_->strings.get(id);
  if (e->global == kUnresolved) e->global = tables_.strings.intern(e->text);
  return e->global;
}

FrameId TableResolver::frame(uint64_t pc) {
  PcEntry& pe = gen_->pcs.at(pc);
  if (pe.global == kUnresolved) {
    pe.global = tables_.stacks.internFrame(Frame{pc, string(pe.func), string(pe.file), pe.line});
  }
  return pe.global;
}

StackId TableResolver::stack(uint64_t id) {
  if (id == 0) return kNoStack;
  StackEntry* e = gen_->stacks.get(id);
  if (e->global == kUnresolved) {
    scratch_.clear();
    for (uint32_t i = 0; i < e->count; i++) scratch_.push_back(frame(gen_->stackPcs[e->begin + i]));
    e->global = tables_.stacks.intern(scratch_);
  }
  return e->global;
}

StackId TableResolver::stackOrEmpty(uint64_t id) {
  if (id == 0) return tables_.stacks.intern({});
  return stack(id);
}

}  // namespace gotrace::v2
