#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace brigade::kitchen {

// Order numbers (docs/kitchen.md "Order numbers"): `<prefix>-<n>`, n counting
// 1, 2, 3, … per restaurant and business day. Pure functions.

/// The restaurant's local date at `at`, as days since 1970-01-01: the UTC
/// instant shifted by the restaurant's offset, floored to a day (so
/// instants before the epoch give negative days, not day 0).
int32_t business_day(timestamp at, int32_t utc_offset_minutes);

/// "A-0042": n zero-padded to four digits; 10000 and up print in full.
std::string format_order_number(std::string_view prefix, int64_t n);

}  // namespace brigade::kitchen
