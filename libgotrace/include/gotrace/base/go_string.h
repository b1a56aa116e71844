// Go string literal syntax: quoting as %q / strconv.Quote does, and reading
// quoted literals back ("..." with escapes, or `raw`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gotrace {

// Appends `s` quoted as Go's strconv.Quote (%q) does.
void appendGoQuoted(std::string& out, std::string_view s);
std::string goQuoted(std::string_view s);

// A name (a path) for a line of text output: as it is, or Go-quoted when it
// holds control characters (a newline would forge a line), a double quote
// at its start, or bytes that are not UTF-8.
std::string displayName(std::string_view s);

// Reads the Go string literal at the start of `in`; on success returns its
// value and sets `consumed` to the literal's length.
std::optional<std::string> unquoteGoPrefix(std::string_view in, size_t& consumed);

}  // namespace gotrace
