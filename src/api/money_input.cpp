#include "api/money_input.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace brigade::api {
namespace {

constexpr int64_t kMaxMajorUnits = 1'000'000'000'000;

}  // namespace

std::optional<kitchen::money> money_from_json(const nlohmann::json& value) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(kMaxMajorUnits)) return std::nullopt;
    const auto units = value.get<int64_t>();
    if (units > kMaxMajorUnits || units < -kMaxMajorUnits) return std::nullopt;
    return units * 100;
  }
  if (!value.is_number_float()) return std::nullopt;
  const double major = value.get<double>();
  if (!std::isfinite(major) || std::fabs(major) > double(kMaxMajorUnits)) return std::nullopt;
  const double minor = major * 100.0;
  const double rounded = std::round(minor);
  // 12.34 * 100 is 1233.9999999999998: a whole cent within rounding error.
  // That error is a few units in the last place, so the tolerance grows
  // with the amount only that much: 10000.005 is not a whole cent.
  const double tolerance = std::max(1e-9, std::fabs(minor) * 1e-15);
  if (std::fabs(minor - rounded) > tolerance) return std::nullopt;
  return static_cast<kitchen::money>(rounded);
}

std::optional<kitchen::money> money_from_text(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view cents = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || cents.size() > 2 || (dot != std::string_view::npos && cents.empty())) {
    return std::nullopt;
  }
  int64_t units = 0;
  for (const char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    units = units * 10 + (c - '0');
  }
  int64_t minor = 0;
  for (size_t i = 0; i < 2; ++i) {
    const char c = i < cents.size() ? cents[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    minor = minor * 10 + (c - '0');
  }
  const int64_t amount = units * 100 + minor;
  return negative ? -amount : amount;
}

}  // namespace brigade::api
