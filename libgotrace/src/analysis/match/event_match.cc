#include "gotrace/analysis/match/event_match.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "gotrace/base/error.h"
#include "gotrace/base/go_string.h"

namespace gotrace {

EventMatcher EventMatcher::parse(std::string_view text) {
  EventMatcher m;
  size_t space = text.find(' ');
  std::string_view name = text.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  if (name != "Any") {
    for (int k = 1; k < kEventKindCount; k++) {
      if (kindName(EventKind(k)) == name) m.kind_ = EventKind(k);
    }
    if (!m.kind_) m.old_ = findOldEventName(name);
    if (!m.kind_ && !m.old_) {
      if (isConsumedOldEventName(name)) {
        throw Error(fmt::format("trace event name {} (of v1 traces) has no events in the event model", goQuoted(name)));
      }
      std::string valid = "Any";
      for (int k = 1; k < kEventKindCount; k++) fmt::format_to(std::back_inserter(valid), ", {}", kindName(EventKind(k)));
      valid += "; or a v1 name:";
      for (const OldEventName& old : oldEventNames()) fmt::format_to(std::back_inserter(valid), " {}", old.name);
      throw Error(fmt::format("invalid trace event name {}: want {}", goQuoted(name), valid));
    }
  }
  std::vector<std::string> specs;
  for (;;) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) break;
    size_t used = 0;
    auto spec = unquoteGoPrefix(rest, used);
    if (!spec) throw Error(fmt::format("invalid stack matcher flag: expected a quoted string at {}", goQuoted(rest)));
    specs.push_back(std::move(*spec));
    rest.remove_prefix(used);
  }
  try {
    m.pattern_ = StackPattern(std::move(specs));
  } catch (const Error& e) {
    throw Error(fmt::format("invalid stack matcher flag: {}", e.what()));
  }
  return m;
}

bool EventMatcher::matches(const Event& ev, const TraceTables& tables) const {
  if (selectsAll()) return true;
  if (kind_ && ev.kind != *kind_) return false;
  if (old_ && !old_->selects(ev, tables)) return false;
  if (cachedFor_ != &tables) {
    cachedFor_ = &tables;
    stackCache_.clear();
  }
  if (ev.stack >= stackCache_.size()) stackCache_.resize(std::max<size_t>(tables.stacks.size() + 1, ev.stack + 1), -1);
  int8_t& known = stackCache_[ev.stack];
  if (known < 0) known = pattern_.matches(ev.stack, tables.stacks, tables.strings) ? 1 : 0;
  return known == 1;
}

std::string EventMatcher::toString() const {
  std::string out(kind_ ? kindName(*kind_) : old_ ? old_->name : "Any");
  if (pattern_.specs().empty()) return out + " **";
  for (const std::string& s : pattern_.specs()) {
    out += ' ';
    appendGoQuoted(out, s);
  }
  return out;
}

}  // namespace gotrace
