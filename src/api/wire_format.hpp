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

nlohmann::ordered_json table_json(const kitchen::table& t);
nlohmann::ordered_json station_json(const kitchen::station& s);
nlohmann::ordered_json menu_item_json(const kitchen::menu_item& m);

/// One outbox entry: {sequence, type, occurredAt, actorId} plus, when they
/// apply, orderId, kitchenOrderId, itemId, addedItemIds, reason, stats, order.
nlohmann::ordered_json event_json(const kitchen::domain_event& event);
/// {events:[…], lastSequence, more}: lastSequence is the last event's
/// sequence, or `after` when there is none — pass it as `after` to read on;
/// `more` says later events exist (the page was cut by count or by bytes).
nlohmann::ordered_json events_page_json(const std::vector<kitchen::domain_event>& events, uint64_t after,
                                        bool more);

}  // namespace brigade::api
