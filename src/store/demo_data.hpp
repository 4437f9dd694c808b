#pragma once

#include "kitchen/ports.hpp"

namespace brigade::store {

/// Fills an empty store with a restaurant to try Brigade on: "Brigade
/// Bistro" (prefix A, UTC, orders go to the kitchen when confirmed, 10%
/// service charge and 8% tax), tables "1".."12", stations grill, fry, cold
/// and bar, a 20-item menu (one item sold out), and three staff members:
/// waiter1 / waiter1pass (waiter), chef1 / chef1pass (chef) and
/// manager1 / manager1pass (manager).
/// All in one transaction, and only when the store holds no restaurant yet:
/// returns false (changing nothing) otherwise. Safe to call concurrently;
/// throws kitchen::store_failure on I/O errors.
bool load_demo_data(kitchen::kitchen_store& store);

}  // namespace brigade::store
