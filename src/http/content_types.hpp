#pragma once

#include <string_view>

namespace brigade::http {

/// The Content-Type of a file, from its name's extension (case-insensitive):
/// the types a Vite build and a web app's public folder hold, text ones with
/// `charset=utf-8`; `application/octet-stream` for anything else (with
/// `nosniff`, a browser then neither runs nor renders it).
/// Pure function; thread-safe.
std::string_view content_type_for(std::string_view file_name);

}  // namespace brigade::http
