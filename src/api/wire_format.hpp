#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/events.hpp"
#include "wire/kitchen_json.hpp"
#include "wire/order_json.hpp"

namespace brigade::api {

// Entity → JSON in the specification's camelCase. Pure functions;
// thread-safe. Absent values are JSON null, never missing keys, so a
// client can tell "not yet" from a typo: timestamps before they happen,
// a ticket before confirmation, unassigned station and chef.

// Money, instants, items, stats and whole orders have one wire form for
// REST and real-time alike (wire/kitchen_json.hpp, wire/order_json.hpp).
using wire::money_json;
using wire::order_item_json;
using wire::stats_json;
using wire::time_json;
using wire::kitchen_order_json;
using wire::cancel_request_json;
using wire::order_json;
using wire::orders_json;

/// A JSON array of `to_json(v)` for each of `values`.
template <typename T, typename ToJson>
nlohmann::ordered_json list_json(const std::vector<T>& values, ToJson to_json) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& v : values) out.push_back(to_json(v));
  return out;
}

nlohmann::ordered_json table_json(const kitchen::table& t);
nlohmann::ordered_json station_json(const kitchen::station& s);
/// A staff member for the back office (never the password hash).
nlohmann::ordered_json staff_json(const kitchen::staff& s);
/// A paired screen for the back office.
nlohmann::ordered_json screen_json(const kitchen::device& d);
nlohmann::ordered_json audit_entry_json(const kitchen::audit_entry& e);

/// One outbox entry: {sequence, type, occurredAt, actorId} plus, when they
/// apply, orderId, kitchenOrderId, itemId, addedItemIds, reason, stats, order.
nlohmann::ordered_json event_json(const kitchen::domain_event& event);
/// {events:[…], lastSequence, more}: lastSequence is the last event's
/// sequence, or `after` when there is none — pass it as `after` to read on;
/// `more` says later events exist (the page was cut by count or by bytes).
nlohmann::ordered_json events_page_json(const std::vector<kitchen::domain_event>& events, uint64_t after,
                                        bool more);

}  // namespace brigade::api
