#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace brigade {

/// A UTC instant with millisecond precision: what the domain records and the
/// store keeps (as integer milliseconds since the Unix epoch).
using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// The current UTC time. Thread-safe.
timestamp now_utc();

/// Milliseconds since the Unix epoch, and back.
int64_t to_unix_ms(timestamp t);
timestamp from_unix_ms(int64_t ms);

/// RFC 3339 / ISO 8601 in UTC with milliseconds: `2026-11-26T18:04:05.123Z`,
/// the form JavaScript's `Date` parses and prints.
std::string format_iso8601(timestamp t);

}  // namespace brigade
