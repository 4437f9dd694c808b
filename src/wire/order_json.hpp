#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "kitchen/entities.hpp"
#include "wire/kitchen_json.hpp"

namespace brigade::wire {

// Whole orders as clients see them, in the REST API's responses and in the
// snapshots a screen receives when it joins a room. Pure; thread-safe.

/// The ticket with its order's id and table; prepTime in whole minutes,
/// null until completed.
nlohmann::ordered_json kitchen_order_json(const kitchen::kitchen_order& ticket,
                                  const kitchen::order& owner);
/// The ticket without its `stations` (kitchen_order_json's other keys, in
/// its order): what a ticket is whatever lines the order holds.
nlohmann::ordered_json kitchen_order_header_json(const kitchen::kitchen_order& ticket,
                                         const kitchen::order& owner);
nlohmann::ordered_json cancel_request_json(const kitchen::cancel_request& request);
/// The whole aggregate: items, kitchenOrder (or null), cancelRequest (or null).
nlohmann::ordered_json order_json(const kitchen::order& o);
/// order_json without `items`, its ticket without `stations`: the order's
/// state after a change, which the real-time events carry (docs/events.md).
/// It depends on no line, so an event replayed from the outbox, which keeps
/// only the lines the change concerns, carries the same.
nlohmann::ordered_json order_header_json(const kitchen::order& o);
/// Orders as a JSON array.
nlohmann::ordered_json orders_json(const std::vector<kitchen::order>& orders);

}  // namespace brigade::wire
