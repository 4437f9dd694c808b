#pragma once

#include <span>
#include <string>
#include <string_view>

namespace brigade::api {

// Writing CSV files (RFC 4180) for the exports. Pure; thread-safe.

/// A cell, quoted when it holds a separator, a quote, a line break or
/// edge spaces.
std::string csv_cell(std::string_view value);

/// A record: the cells quoted as needed, comma-separated, ending in CRLF.
std::string csv_row(std::span<const std::string> cells);

}  // namespace brigade::api
