#include "api/report_decoding.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <system_error>

#include <fmt/format.h>

#include "common/query_string.hpp"
#include "kitchen/errors.hpp"

namespace brigade::api {
namespace {

// %XX escapes decoded; anything else (a bad escape too) kept as it is:
// the parse that follows refuses what is left over.
std::string percent_decoded(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Reads exactly `digits` decimal digits at `at` into `value`.
bool read_number(std::string_view text, size_t& at, size_t digits, int& value) {
  if (at + digits > text.size()) return false;
  for (size_t i = at; i < at + digits; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  std::from_chars(text.data() + at, text.data() + at + digits, value);
  at += digits;
  return true;
}

bool read_char(std::string_view text, size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

// YYYY-MM-DD at the start of `text`, a real calendar date.
std::optional<std::chrono::sys_days> read_date(std::string_view text, size_t& at) {
  int y = 0, m = 0, d = 0;
  if (!read_number(text, at, 4, y) || !read_char(text, at, '-') || !read_number(text, at, 2, m) ||
      !read_char(text, at, '-') || !read_number(text, at, 2, d)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                         std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date};
}

// THH:MM[:SS[.fraction]] then Z or ±HH:MM, after a date.
std::optional<timestamp> read_time(std::string_view text, size_t& at, std::chrono::sys_days day) {
  int h = 0, min = 0, s = 0, ms = 0;
  if (!read_char(text, at, 'T') || !read_number(text, at, 2, h) || !read_char(text, at, ':') ||
      !read_number(text, at, 2, min)) {
    return std::nullopt;
  }
  if (read_char(text, at, ':')) {
    if (!read_number(text, at, 2, s)) return std::nullopt;
    if (read_char(text, at, '.')) {
      // Milliseconds from the first three digits; finer ones are dropped.
      size_t digits = 0;
      for (; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0; ++at, ++digits) {
        if (digits < 3) ms = ms * 10 + (text[at] - '0');
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 3; ++digits) ms *= 10;
    }
  }
  if (h > 23 || min > 59 || s > 59) return std::nullopt;
  int offset_minutes = 0;
  if (!read_char(text, at, 'Z')) {
    if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
    const int sign = text[at++] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!read_number(text, at, 2, oh) || !read_char(text, at, ':') || !read_number(text, at, 2, om) || oh > 23 ||
        om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
  }
  using namespace std::chrono;
  return timestamp{day} + hours{h} + minutes{min} + seconds{s} + milliseconds{ms} - minutes{offset_minutes};
}

std::optional<std::string_view> param(std::string_view query, std::string_view key) {
  auto value = query_value(query, key);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

result<std::optional<kitchen::report_bound>> bound_param(std::string_view query, std::string_view key) {
  const auto text = param(query, key);
  if (!text) return std::optional<kitchen::report_bound>{};
  auto bound = parse_report_bound(*text);
  if (!bound) {
    return kitchen::validation_error(
        std::string(key), fmt::format("{} must be a date (2026-07-01) or an instant (2026-07-01T12:00:00Z)", key));
  }
  return std::optional<kitchen::report_bound>{*bound};
}

}  // namespace

std::optional<kitchen::report_bound> parse_report_bound(std::string_view raw) {
  const std::string text = percent_decoded(raw);
  size_t at = 0;
  const auto day = read_date(text, at);
  if (!day) return std::nullopt;
  if (at == text.size()) {
    return kitchen::report_bound{std::nullopt, static_cast<int32_t>(day->time_since_epoch().count())};
  }
  const auto instant = read_time(text, at, *day);
  if (!instant || at != text.size()) return std::nullopt;
  return kitchen::report_bound{*instant, 0};
}

result<speed_report_request> decode_speed_report_query(std::string_view query) {
  speed_report_request out;
  auto from = bound_param(query, "from");
  if (!from) return from.error();
  auto to = bound_param(query, "to");
  if (!to) return to.error();
  out.query.from = *from;
  out.query.to = *to;
  if (const auto group_by = param(query, "groupBy")) {
    const auto grouping = kitchen::parse_report_grouping(*group_by);
    if (!grouping) return kitchen::validation_error("groupBy", "groupBy must be station, hour or item");
    out.query.group_by = *grouping;
  }
  if (const auto station = param(query, "stationId")) {
    int64_t id = -1;
    const auto [end, failure] = std::from_chars(station->data(), station->data() + station->size(), id);
    if (failure != std::errc{} || end != station->data() + station->size() || id < 0) {
      return kitchen::validation_error("stationId", "stationId must be a station id, or 0 for the lines without one");
    }
    out.query.station = id;
  }
  if (const auto format = param(query, "format")) {
    if (*format != "json" && *format != "csv") return kitchen::validation_error("format", "format must be json or csv");
    out.format = *format == "csv" ? report_format::csv : report_format::json;
  }
  return out;
}

}  // namespace brigade::api
