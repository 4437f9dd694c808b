#pragma once

#include <string>
#include <string_view>

namespace brigade {

/// Appends `s` to `out` as a quoted JSON string (RFC 8259 section 7): quote,
/// backslash and every control character escaped, bytes >= 0x80 unchanged
/// (callers supply UTF-8). Pure.
void append_json_string(std::string& out, std::string_view s);

}  // namespace brigade
