#pragma once

#include <optional>
#include <string_view>

namespace brigade {

/// The value of `key` in a URL query string (`a=1&b=&c`), with no
/// percent-decoding (Engine.IO's keys and values and our numeric filters are
/// plain): "" for `b=` and for a bare `c`, nullopt when the key is absent.
/// Only whole names match. Pure function; thread-safe.
std::optional<std::string_view> query_value(std::string_view query, std::string_view key);

}  // namespace brigade
