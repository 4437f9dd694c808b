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
using wire::money_json;
using wire::order_item_json;
using wire::time_json;

/// order:created — {orderId, tableId, orderNumber, status, totalAmount,
/// finalAmount, items}.
nlohmann::ordered_json order_created_payload(const kitchen::order& o);
/// order:new (the kitchen's copy in the Order Creation Flow) —
/// {orderId, tableId, orderNumber, status, items}.
nlohmann::ordered_json order_new_payload(const kitchen::order& o);
/// order:confirmed — {orderId, tableId, orderNumber, confirmedAt}.
nlohmann::ordered_json order_confirmed_payload(const kitchen::order& o);
/// order:status_changed and order:status — {orderId, tableId, status}.
nlohmann::ordered_json order_status_payload(const kitchen::order& o);
/// order:items_added — {orderId, tableId, items, newTotalAmount,
/// newFinalAmount}; `items` holds only the lines whose ids are in `added`,
/// in the order's line order.
nlohmann::ordered_json order_items_added_payload(const kitchen::order& o,
                                                 const std::vector<kitchen::order_item_id>& added);
/// order:item_status_changed — {orderId, itemId, status, stationId,
/// course}; stationId is the station that cooks the line; status, stationId
/// and course are null when the order has no such line.
nlohmann::ordered_json order_item_status_payload(const kitchen::order& o,
                                                 kitchen::order_item_id item);
/// order:course_fired — {orderId, tableId, course, itemIds, firedAt}: the
/// course's lines that have gone to the kitchen, and when the last went.
nlohmann::ordered_json order_course_fired_payload(const kitchen::order& o, int32_t course);
/// kitchen:item_station_changed — {kitchenOrderId, orderId, itemId,
/// stationId, stationName}.
nlohmann::ordered_json ticket_item_station_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket,
                                                   kitchen::order_item_id item);
/// order:cancel_request — {orderId, tableId, reason, staffId}.
nlohmann::ordered_json order_cancel_request_payload(const kitchen::order& o,
                                                    std::string_view reason,
                                                    kitchen::staff_id requester);
/// order:cancelled — {orderId, tableId, reason}.
nlohmann::ordered_json order_cancelled_payload(const kitchen::order& o, std::string_view reason);

/// kitchen:order_acknowledged and kitchen:acknowledged — {kitchenOrderId,
/// orderId, chefId, chefName}.
nlohmann::ordered_json ticket_acknowledged_payload(const kitchen::order& o,
                                                   const kitchen::kitchen_order& ticket);
/// kitchen:order_preparing / order_ready / order_recalled / cancel_accepted
/// and their table copies — {kitchenOrderId, orderId, tableId}.
nlohmann::ordered_json ticket_payload(const kitchen::order& o,
                                      const kitchen::kitchen_order& ticket);
/// kitchen:order_completed — {kitchenOrderId, orderId, tableId, prepTime};
/// prepTime in whole minutes (kitchen/prep_time.hpp), null until completed.
nlohmann::ordered_json ticket_completed_payload(const kitchen::order& o,
                                                const kitchen::kitchen_order& ticket);
/// kitchen:cancel_rejected — {kitchenOrderId, orderId, tableId, reason}.
nlohmann::ordered_json ticket_cancel_rejected_payload(const kitchen::order& o,
                                                      const kitchen::kitchen_order& ticket,
                                                      std::string_view reason);
/// kitchen:priority_changed — {kitchenOrderId, orderId, priority}.
nlohmann::ordered_json ticket_priority_payload(const kitchen::order& o,
                                               const kitchen::kitchen_order& ticket);
/// kitchen:station_assigned — {kitchenOrderId, orderId, stationId, stationName}.
nlohmann::ordered_json ticket_station_payload(const kitchen::order& o,
                                              const kitchen::kitchen_order& ticket);
/// kitchen:stats_update — {pending, preparing, ready, total}.
nlohmann::ordered_json stats_payload(const kitchen::kitchen_stats& stats);
/// menu:item_availability: {menuItemId, name, available}.
nlohmann::ordered_json menu_availability_payload(const kitchen::menu_item& item);

}  // namespace brigade::realtime
