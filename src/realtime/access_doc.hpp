#pragma once

#include <string>
#include <string_view>

namespace brigade::realtime {

/// Markers around the generated part of docs/security.md; the text between
/// them must equal render_access_markdown() (a unit test checks it).
inline constexpr std::string_view kAccessDocBegin = "<!-- BEGIN GENERATED: access table -->";
inline constexpr std::string_view kAccessDocEnd = "<!-- END GENERATED: access table -->";

/// kitchen::access_rules() as a Markdown table: one row per permission
/// (rooms included), one column per role, ✓ where allowed ("own table"
/// where a table display is held to its table). Pure; thread-safe. Ends
/// with a newline.
std::string render_access_markdown();

}  // namespace brigade::realtime
