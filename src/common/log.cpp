#include "common/log.hpp"

#include <atomic>
#include <ctime>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "common/json_string.hpp"

namespace brigade {
namespace {

// Structured entries go through their own logger so the JSON formatter can
// tell a message that is already a list of members from plain text.
constexpr std::string_view event_logger_name = "brigade.event";

std::atomic<log_format> current_format{log_format::text};

void append_value(std::string& out, const log_value& value, log_format format) {
  std::visit(
      [&](const auto& v) {
        using type = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<type, std::string_view>) {
          if (format == log_format::json) {
            append_json_string(out, v);
          } else if (v.empty() || v.find_first_of(" \"=\n") != std::string_view::npos) {
            append_json_string(out, v);  // quoted, so the line still splits on spaces
          } else {
            out += v;
          }
        } else if constexpr (std::is_same_v<type, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<type, double>) {
          out += fmt::format("{:.3f}", v);
        } else {
          out += std::to_string(v);
        }
      },
      value);
}

// {"time":"…Z","level":"info", then either "msg":"…" or an event's members}.
class json_formatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::string line = fmt::format("{{\"time\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"level\":\"{}\",",
                                   utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                                   millis, spdlog::level::to_string_view(msg.level));
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (msg.logger_name == event_logger_name) {
      line += payload;
    } else {
      line += "\"msg\":";
      append_json_string(line, payload);
    }
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<json_formatter>(); }
};

// Set once by setup_logging, before any I/O thread starts.
std::shared_ptr<spdlog::logger> events_logger;

spdlog::logger& event_logger() {
  return events_logger ? *events_logger : *spdlog::default_logger_raw();
}

}  // namespace

void setup_logging(std::string_view level, log_format format) {
  // Logs go to stderr so stdout stays free for machine-readable lines
  // such as the "listening on" announcement tests parse.
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      format == log_format::json ? spdlog::color_mode::never : spdlog::color_mode::automatic);
  if (format == log_format::json) {
    sink->set_formatter(std::make_unique<json_formatter>());
  } else {
    sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v"));
  }
  const auto threshold = spdlog::level::from_str(std::string(level));
  auto logger = std::make_shared<spdlog::logger>("brigade", sink);
  auto events = std::make_shared<spdlog::logger>(std::string(event_logger_name), sink);
  logger->set_level(threshold);
  events->set_level(threshold);
  events_logger = events;
  spdlog::set_default_logger(logger);
  current_format.store(format, std::memory_order_relaxed);
}

std::string render_event(log_format format, std::string_view event, std::initializer_list<log_field> fields) {
  std::string out;
  if (format == log_format::json) {
    out += "\"event\":";
    append_json_string(out, event);
    for (const auto& field : fields) {
      out += ',';
      append_json_string(out, field.key);
      out += ':';
      append_value(out, field.value, format);
    }
  } else {
    out += event;
    for (const auto& field : fields) {
      out += ' ';
      out += field.key;
      out += '=';
      append_value(out, field.value, format);
    }
  }
  return out;
}

void log_event(spdlog::level::level_enum level, std::string_view event, std::initializer_list<log_field> fields) {
  auto& logger = event_logger();
  if (!logger.should_log(level)) return;
  logger.log(level, "{}", render_event(current_format.load(std::memory_order_relaxed), event, fields));
}

}  // namespace brigade
