#include "kitchen/order_number.hpp"

#include <chrono>

#include <fmt/format.h>

namespace brigade::kitchen {

int32_t business_day(timestamp at, int32_t utc_offset_minutes) {
  const auto local = at + std::chrono::minutes{utc_offset_minutes};
  return static_cast<int32_t>(
      std::chrono::floor<std::chrono::days>(local).time_since_epoch().count());
}

std::string format_order_number(std::string_view prefix, int64_t n) {
  return fmt::format("{}-{:04}", prefix, n);
}

}  // namespace brigade::kitchen
