// Events as text, exactly as Go 1.26 prints them (`go tool trace -d=parsed`,
// Event.String()), plus the helpers that format needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gotrace/trace/event.h"
#include "gotrace/base/go_string.h"
#include "gotrace/trace/trace_reader.h"

namespace gotrace {

// The first line of Go's Event.String(), without a newline.
void appendEventLine(std::string& out, const Event& ev, const TraceTables& tables);

// The frames of stacks as Event.String() prints them, rendered once per
// stack. One cache per trace (stack ids are the trace's).
class StackTextCache {
 public:
  const std::string& frames(StackId stack, const TraceTables& tables);

 private:
  std::vector<std::string> text_;
  std::vector<bool> done_;
};

// The whole of Go's Event.String() (first line, transition stack, event
// stack) followed by a newline: one event of `go tool trace -d=parsed`.
void appendEventParsed(std::string& out, const Event& ev, const TraceTables& tables);
void appendEventParsed(std::string& out, const Event& ev, const TraceTables& tables, StackTextCache& stacks);

// time.Unix(sec, nsec).UTC().Format(time.RFC3339Nano).
std::string formatRfc3339Nano(int64_t sec, int64_t nsec);

}  // namespace gotrace
