#include "kitchen/order_number.hpp"

#include <chrono>

#include <fmt/format.h>

#include "common/time_zone.hpp"

namespace brigade::kitchen {

int32_t business_day(timestamp at, std::string_view time_zone_name) {
  const auto zone = time_zone::locate(time_zone_name);
  if (zone) return zone->local_day(at);
  return static_cast<int32_t>(std::chrono::floor<std::chrono::days>(at).time_since_epoch().count());
}

std::string format_order_number(std::string_view prefix, int64_t n) {
  return fmt::format("{}-{:04}", prefix, n);
}

}  // namespace brigade::kitchen
