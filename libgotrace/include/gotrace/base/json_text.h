// JSON string literals as Go's encoding/json writes them.
#pragma once

#include <string>
#include <string_view>

namespace gotrace {

// A JSON string literal, escaped as Go's encoding/json does: <, > and & as
// \u00XX, U+2028/U+2029 escaped, and every byte that is not part of valid
// UTF-8 as \ufffd (trace strings are whatever the program logged).
void appendJsonString(std::string& out, std::string_view s);

}  // namespace gotrace
