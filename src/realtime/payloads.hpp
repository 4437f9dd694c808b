#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "wire/kitchen_json.hpp"

#include "common/clock.hpp"
#include "kitchen/entities.hpp"

namespace brigade::realtime {

// The payloads of the specification's "Order Management Events" and
// "Kitchen Management Events", keys in the order the spec lists them.
// Pure functions of the committed aggregate; thread-safe.
//
// Money, instants, items and null-for-absent are the REST API's forms,
// from the one shared definition (wire/kitchen_json.hpp).
//
// After the specification's keys come Brigade's, so that a screen applies
// an event without reading the order again (docs/events.md "Payloads"):
// `order`, the order after the change without its lines
// (wire::order_header_json), on every order and ticket event but
// order:created and order:new, which carry the whole order; and the lines
// the change concerns, `items` or `item`. Both are what the outbox keeps of
// the event (kitchen::order_as_recorded), so a replayed event is the same.
using wire::money_json;
using wire::order_item_json;
using wire::time_json;

/// order:created — {orderId, tableId, orderNumber, status, totalAmount,
/// finalAmount, items, notes, createdBy, createdAt}.
nlohmann::ordered_json order_created_payload(const kitchen::order& o);
/// order:new (the kitchen's copy in the Order Creation Flow) —
/// {orderId, tableId, orderNumber, status, items}.
nlohmann::ordered_json order_new_payload(const kitchen::order& o);
/// order:confirmed — {orderId, tableId, orderNumber, confirmedAt, items,
/// order}: every line, as the first course went to the kitchen.
nlohmann::ordered_json order_confirmed_payload(const kitchen::order& o);
/// order:status_changed and order:status — {orderId, tableId, status, order}.
nlohmann::ordered_json order_status_payload(const kitchen::order& o);
/// order:items_added — {orderId, tableId, items, newTotalAmount,
/// newFinalAmount, order}; `items` holds only the lines whose ids are in `added`,
/// in the order's line order.
nlohmann::ordered_json order_items_added_payload(const kitchen::order& o,
                                                 const std::vector<kitchen::order_item_id>& added);
/// order:item_status_changed — {orderId, itemId, status, stationId,
/// course, item, order}; stationId is the station that cooks the line;
/// `item` the whole line; status, stationId, course and item are null when
/// the order has no such line.
nlohmann::ordered_json order_item_status_payload(const kitchen::order& o,
                                                 kitchen::order_item_id item);
/// order:course_fired — {orderId, tableId, course, itemIds, firedAt, items,
/// order}: the course's lines that have gone to the kitchen, when the last
/// went, and every line of the course.
nlohmann::ordered_json order_course_fired_payload(const kitchen::order& o, int32_t course);
/// kitchen:item_station_changed — {kitchenOrderId, orderId, itemId,
/// stationId, stationName, item, order}.
nlohmann::ordered_json ticket_item_station_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket,
                                                   kitchen::order_item_id item);
/// order:cancel_request — {orderId, tableId, reason, staffId, order}.
nlohmann::ordered_json order_cancel_request_payload(const kitchen::order& o,
                                                    std::string_view reason,
                                                    kitchen::staff_id requester);
/// order:cancelled — {orderId, tableId, reason, order}.
nlohmann::ordered_json order_cancelled_payload(const kitchen::order& o, std::string_view reason);

/// kitchen:order_acknowledged and kitchen:acknowledged — {kitchenOrderId,
/// orderId, chefId, chefName, order}.
nlohmann::ordered_json ticket_acknowledged_payload(const kitchen::order& o,
                                                   const kitchen::kitchen_order& ticket);
/// kitchen:order_preparing / order_ready / order_recalled / cancel_accepted
/// and their table copies — {kitchenOrderId, orderId, tableId, order}.
nlohmann::ordered_json ticket_payload(const kitchen::order& o,
                                      const kitchen::kitchen_order& ticket);
/// kitchen:order_completed — {kitchenOrderId, orderId, tableId, prepTime,
/// order};
/// prepTime in whole minutes (kitchen/prep_time.hpp), null until completed.
nlohmann::ordered_json ticket_completed_payload(const kitchen::order& o,
                                                const kitchen::kitchen_order& ticket);
/// kitchen:cancel_rejected — {kitchenOrderId, orderId, tableId, reason, order}.
nlohmann::ordered_json ticket_cancel_rejected_payload(const kitchen::order& o,
                                                      const kitchen::kitchen_order& ticket,
                                                      std::string_view reason);
/// kitchen:priority_changed — {kitchenOrderId, orderId, priority, order}.
nlohmann::ordered_json ticket_priority_payload(const kitchen::order& o,
                                               const kitchen::kitchen_order& ticket);
/// kitchen:station_assigned — {kitchenOrderId, orderId, stationId,
/// stationName, order}.
nlohmann::ordered_json ticket_station_payload(const kitchen::order& o,
                                              const kitchen::kitchen_order& ticket);
/// kitchen:stats_update — {pending, preparing, ready, total}.
nlohmann::ordered_json stats_payload(const kitchen::kitchen_stats& stats);
/// menu:item_availability: {menuItemId, name, available}.
nlohmann::ordered_json menu_availability_payload(const kitchen::menu_item& item);

}  // namespace brigade::realtime
