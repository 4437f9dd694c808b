#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace brigade::kitchen {

// Order numbers (docs/kitchen.md "Order numbers"): `<prefix>-<n>`, n counting
// 1, 2, 3, … per restaurant and business day. Pure functions.

/// The restaurant's local date at `at`, as days since 1970-01-01, in its
/// IANA time zone (daylight saving time included: the day still turns at
/// local midnight). A name the tz database lacks counts as UTC, so an order
/// is never refused for it; the names stored are checked when written
/// (account_service).
int32_t business_day(timestamp at, std::string_view time_zone_name);

/// "A-0042": n zero-padded to four digits; 10000 and up print in full.
std::string format_order_number(std::string_view prefix, int64_t n);

}  // namespace brigade::kitchen
