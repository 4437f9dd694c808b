#include "socketio/event_offset.hpp"

#include <charconv>

namespace brigade::socketio {

std::string event_offset::to_string() const {
  return std::to_string(position) + '.' + std::to_string(part);
}

namespace {

// A canonical decimal number: digits only, no leading zero but "0".
template <typename Int>
std::optional<Int> parse_decimal(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return std::nullopt;
  Int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<event_offset> event_offset::parse(std::string_view text) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto position = parse_decimal<uint64_t>(text.substr(0, dot));
  const auto part = parse_decimal<uint32_t>(text.substr(dot + 1));
  if (!position || !part) return std::nullopt;
  return event_offset{*position, *part};
}

}  // namespace brigade::socketio
