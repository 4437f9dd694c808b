#pragma once

#include <cstdint>

namespace brigade::kitchen {

// Row ids as the store assigns them (SQLite INTEGER PRIMARY KEY); 0 means
// "not stored yet". The specification's payloads carry them as numbers.
using restaurant_id = int64_t;
using table_id = int64_t;
using station_id = int64_t;
using staff_id = int64_t;
using device_id = int64_t;
using menu_item_id = int64_t;
using menu_category_id = int64_t;
using modifier_group_id = int64_t;
using modifier_option_id = int64_t;
using order_id = int64_t;
using order_item_id = int64_t;
using kitchen_order_id = int64_t;

/// Money in integer minor units (cents): sums and percentages never drift.
/// Shown as a decimal number only at the wire.
using money = int64_t;

}  // namespace brigade::kitchen
