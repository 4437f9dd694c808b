#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace brigade::http {

/// The file path a request path names, relative to a served directory, or
/// nullopt when it could name anything outside it or is malformed.
/// `target_path` is the request target up to `?` (origin-form, RFC 9112
/// section 3.2.1: it starts with `/`). Each `/`-separated segment is
/// percent-decoded on its own (RFC 3986 section 2.1), so an encoded slash
/// (`%2f`) can never make a new segment; refused are: a bad escape, a
/// segment that decodes to `.` or `..` (`%2e%2e` too) or to any name
/// starting with a dot (hidden files: `.git`, `.env`), a decoded `/`, `\`,
/// NUL or other control character. Empty segments (`//`) are dropped, so the
/// result never starts with `/`; "" is the directory itself. Other bytes pass
/// as they are: UTF-8 file names work.
/// Pure function; thread-safe.
std::optional<std::string> safe_relative_path(std::string_view target_path);

}  // namespace brigade::http
