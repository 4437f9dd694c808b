#include "realtime/payloads.hpp"

#include <algorithm>
#include <string>

#include "kitchen/line_progress.hpp"
#include "kitchen/prep_time.hpp"
#include "kitchen/status.hpp"
#include "wire/json_object.hpp"
#include "wire/order_json.hpp"

namespace brigade::realtime {
namespace {

using json = nlohmann::ordered_json;

using wire::id_or_null;
using wire::object;
using wire::text_or_null;
using wire::time_json;

json items_json(const std::vector<kitchen::order_item>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(order_item_json(item));
  return out;
}

const kitchen::order_item* find_line(const kitchen::order& o, kitchen::order_item_id item) {
  const auto it = std::find_if(o.items.begin(), o.items.end(),
                               [item](const kitchen::order_item& line) { return line.id == item; });
  return it == o.items.end() ? nullptr : &*it;
}

// Brigade's additions come after the specification's keys: `order`, the
// order's state after the change without its lines (wire::order_header_json),
// so a screen applies the event as it is; the lines a change concerns travel
// in `items` or `item`. Each is what the outbox keeps of the event
// (kitchen::order_as_recorded), so a replayed event carries the same.
json with_order(json payload, const kitchen::order& o) {
  wire::add(payload, "order", wire::order_header_json(o));
  return payload;
}

}  // namespace

json order_created_payload(const kitchen::order& o) {
  return object("orderId", o.id,
                "tableId", o.table,
                "orderNumber", o.number,
                "status", kitchen::to_string(o.status),
                "totalAmount", money_json(o.total_amount),
                "finalAmount", money_json(o.final_amount),
                "items", items_json(o.items),
                "notes", o.notes,
                "createdBy", o.created_by,
                "createdAt", format_iso8601(o.created_at));
}

json order_new_payload(const kitchen::order& o) {
  return object("orderId", o.id,
                "tableId", o.table,
                "orderNumber", o.number,
                "status", kitchen::to_string(o.status),
                "items", items_json(o.items));
}

json order_confirmed_payload(const kitchen::order& o) {
  return with_order(object("orderId", o.id,
                           "tableId", o.table,
                           "orderNumber", o.number,
                           "confirmedAt", time_json(o.confirmed_at),
                           "items", items_json(o.items)),
                    o);
}

json order_status_payload(const kitchen::order& o) {
  return with_order(object("orderId", o.id, "tableId", o.table, "status", kitchen::to_string(o.status)), o);
}

json order_items_added_payload(const kitchen::order& o,
                               const std::vector<kitchen::order_item_id>& added) {
  // Only the new lines: a screen appends them to what it already shows.
  json items = json::array();
  for (const auto& item : o.items) {
    if (std::find(added.begin(), added.end(), item.id) != added.end()) {
      items.push_back(order_item_json(item));
    }
  }
  return with_order(object("orderId", o.id,
                           "tableId", o.table,
                           "items", std::move(items),
                           "newTotalAmount", money_json(o.total_amount),
                           "newFinalAmount", money_json(o.final_amount)),
                    o);
}

json order_item_status_payload(const kitchen::order& o, kitchen::order_item_id item) {
  const kitchen::order_item* line = find_line(o, item);
  if (line == nullptr) {
    return with_order(object("orderId", o.id,
                             "itemId", item,
                             "status", nullptr,
                             "stationId", nullptr,
                             "course", nullptr,
                             "item", nullptr),
                      o);
  }
  return with_order(object("orderId", o.id,
                           "itemId", item,
                           "status", kitchen::to_string(line->status),
                           "stationId", id_or_null(kitchen::workflow::line_station(o, *line)),
                           "course", line->course,
                           "item", order_item_json(*line)),
                    o);
}

json order_course_fired_payload(const kitchen::order& o, int32_t course) {
  json ids = json::array();
  json lines = json::array();
  std::optional<timestamp> fired_at;
  for (const kitchen::order_item& line : o.items) {
    if (line.course != course) continue;
    lines.push_back(order_item_json(line));
    if (!line.fired_at) continue;
    ids.push_back(line.id);
    if (!fired_at || *line.fired_at > *fired_at) fired_at = line.fired_at;
  }
  return with_order(object("orderId", o.id,
                           "tableId", o.table,
                           "course", course,
                           "itemIds", std::move(ids),
                           "firedAt", time_json(fired_at),
                           "items", std::move(lines)),
                    o);
}

json ticket_item_station_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket,
                                 kitchen::order_item_id item) {
  const kitchen::order_item* line = find_line(o, item);
  return with_order(object("kitchenOrderId", ticket.id,
                           "orderId", o.id,
                           "itemId", item,
                           "stationId", line ? id_or_null(kitchen::workflow::line_station(o, *line)) : json(nullptr),
                           "stationName", line && line->station != 0 ? text_or_null(line->station_name) : json(nullptr),
                           "item", line ? order_item_json(*line) : json(nullptr)),
                    o);
}

json order_cancel_request_payload(const kitchen::order& o, std::string_view reason,
                                  kitchen::staff_id requester) {
  return with_order(object("orderId", o.id,
                           "tableId", o.table,
                           "reason", std::string(reason),
                           "staffId", id_or_null(requester)),
                    o);
}

json order_cancelled_payload(const kitchen::order& o, std::string_view reason) {
  return with_order(object("orderId", o.id, "tableId", o.table, "reason", std::string(reason)), o);
}

json ticket_acknowledged_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket) {
  return with_order(object("kitchenOrderId", ticket.id,
                           "orderId", o.id,
                           "chefId", id_or_null(ticket.chef),
                           "chefName", text_or_null(ticket.chef_name)),
                    o);
}

json ticket_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket) {
  return with_order(object("kitchenOrderId", ticket.id, "orderId", o.id, "tableId", o.table), o);
}

json ticket_completed_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket) {
  const auto prep = kitchen::prep_time_minutes(ticket);
  return with_order(object("kitchenOrderId", ticket.id,
                           "orderId", o.id,
                           "tableId", o.table,
                           "prepTime", prep ? json(*prep) : json(nullptr)),
                    o);
}

json ticket_cancel_rejected_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket,
                                    std::string_view reason) {
  return with_order(object("kitchenOrderId", ticket.id,
                           "orderId", o.id,
                           "tableId", o.table,
                           "reason", std::string(reason)),
                    o);
}

json ticket_priority_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket) {
  return with_order(object("kitchenOrderId", ticket.id, "orderId", o.id, "priority", kitchen::to_string(ticket.priority)),
                    o);
}

json ticket_station_payload(const kitchen::order& o, const kitchen::kitchen_order& ticket) {
  return with_order(object("kitchenOrderId", ticket.id,
                           "orderId", o.id,
                           "stationId", id_or_null(ticket.station),
                           "stationName", text_or_null(ticket.station_name)),
                    o);
}

json stats_payload(const kitchen::kitchen_stats& stats) { return wire::stats_json(stats); }

json menu_availability_payload(const kitchen::menu_item& item) {
  return object("menuItemId", item.id, "name", item.name, "available", item.available);
}

}  // namespace brigade::realtime
