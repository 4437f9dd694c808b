#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include <spdlog/spdlog.h>

namespace brigade {

/// text: `2026-12-05T10:00:00.123 info message` for people; json: one
/// object per line ({"time","level","msg"} or an event's fields) for log
/// collectors.
enum class log_format { text, json };

/// Sets up the process-wide spdlog logger once at start-up ("info", "debug",
/// "warn", ...) on stderr. Call before any I/O thread starts; spdlog itself
/// is then thread-safe.
void setup_logging(std::string_view level, log_format format = log_format::text);

/// A field of a structured log entry.
using log_value = std::variant<std::string_view, int64_t, double, bool>;
struct log_field {
  std::string_view key;
  log_value value;
};

/// Logs one structured entry: `event` names what happened (http_request,
/// socket_connected, ...), `fields` the facts. Text format writes
/// `event key=value ...` (values with spaces quoted); JSON writes the
/// fields as members of the line's object. Never pass secrets or tokens.
/// Thread-safe.
void log_event(spdlog::level::level_enum level, std::string_view event, std::initializer_list<log_field> fields);

/// The same entry rendered without logging it, for tests. Pure.
std::string render_event(log_format format, std::string_view event, std::initializer_list<log_field> fields);

}  // namespace brigade
