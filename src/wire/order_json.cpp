#include "wire/order_json.hpp"

#include "kitchen/prep_time.hpp"
#include "kitchen/station_parts.hpp"
#include "kitchen/status.hpp"
#include "wire/json_object.hpp"

namespace brigade::wire {

namespace {

// Every station's share of the ticket (kitchen/station_parts.hpp).
nlohmann::ordered_json station_parts_json(const kitchen::kitchen_order& ticket, const kitchen::order& owner) {
  nlohmann::ordered_json parts = nlohmann::ordered_json::array();
  const std::vector<kitchen::station_part> counted =
      ticket.parts_of_whole ? *ticket.parts_of_whole : kitchen::station_parts(owner);
  for (const kitchen::station_part& part : counted) {
    parts.push_back(object("stationId", id_or_null(part.station),
                           "stationName", text_or_null(part.name),
                           "status", kitchen::to_string(part.status),
                           "items", part.items,
                           "readyItems", part.ready_items,
                           "heldItems", part.held_items,
                           "startedAt", time_json(part.started_at),
                           "readyAt", time_json(part.ready_at),
                           "nextReleaseAt", time_json(part.next_release_at)));
  }
  return parts;
}

}  // namespace

nlohmann::ordered_json kitchen_order_header_json(const kitchen::kitchen_order& ticket,
                                         const kitchen::order& owner) {
  const auto prep = kitchen::prep_time_minutes(ticket);
  return object("kitchenOrderId", ticket.id,
                "orderId", owner.id,
                "tableId", owner.table,
                "status", kitchen::to_string(ticket.status),
                "priority", kitchen::to_string(ticket.priority),
                "stationId", id_or_null(ticket.station),
                "stationName", text_or_null(ticket.station_name),
                "chefId", id_or_null(ticket.chef),
                "chefName", text_or_null(ticket.chef_name),
                "changed", ticket.changed,
                "createdAt", format_iso8601(ticket.created_at),
                "acknowledgedAt", time_json(ticket.acknowledged_at),
                "startedAt", time_json(ticket.started_at),
                "readyAt", time_json(ticket.ready_at),
                "completedAt", time_json(ticket.completed_at),
                "cancelledAt", time_json(ticket.cancelled_at),
                "prepTime", prep ? nlohmann::ordered_json(*prep) : nlohmann::ordered_json(nullptr));
}

nlohmann::ordered_json kitchen_order_json(const kitchen::kitchen_order& ticket,
                                  const kitchen::order& owner) {
  nlohmann::ordered_json out = kitchen_order_header_json(ticket, owner);
  add(out, "stations", station_parts_json(ticket, owner));
  return out;
}

nlohmann::ordered_json cancel_request_json(const kitchen::cancel_request& request) {
  return object("reason", request.reason,
                "status", kitchen::to_string(request.status),
                "requestedBy", request.requested_by,
                "requestedAt", format_iso8601(request.requested_at),
                "rejectionReason", text_or_null(request.rejection_reason),
                "decidedAt", time_json(request.decided_at));
}

namespace {

// Appends the order's own fields after `items`; the ticket whole or without
// its station parts.
void add_order_tail(nlohmann::ordered_json& out, const kitchen::order& o, bool whole_ticket) {
  nlohmann::ordered_json ticket = nullptr;
  if (o.ticket) ticket = whole_ticket ? kitchen_order_json(*o.ticket, o) : kitchen_order_header_json(*o.ticket, o);
  add(out,
      "notes", o.notes,
      "totalAmount", money_json(o.total_amount),
      "finalAmount", money_json(o.final_amount),
      "createdBy", o.created_by,
      "createdAt", format_iso8601(o.created_at),
      "confirmedAt", time_json(o.confirmed_at),
      "preparingAt", time_json(o.preparing_at),
      "readyAt", time_json(o.ready_at),
      "servedAt", time_json(o.served_at),
      "completedAt", time_json(o.completed_at),
      "cancelledAt", time_json(o.cancelled_at),
      "kitchenOrder", std::move(ticket),
      "cancelRequest", o.cancellation ? cancel_request_json(*o.cancellation) : nlohmann::ordered_json(nullptr));
}

// The order's first fields, in an object with room for all of them.
nlohmann::ordered_json order_head_json(const kitchen::order& o) {
  nlohmann::ordered_json out(nlohmann::ordered_json::value_t::object);
  out.get_ref<nlohmann::ordered_json::object_t&>().reserve(18);
  add(out, "orderId", o.id, "orderNumber", o.number, "tableId", o.table, "status", kitchen::to_string(o.status));
  return out;
}

}  // namespace

nlohmann::ordered_json order_json(const kitchen::order& o) {
  nlohmann::ordered_json out = order_head_json(o);
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const auto& item : o.items) items.push_back(order_item_json(item));
  add(out, "items", std::move(items));
  add_order_tail(out, o, true);
  return out;
}

nlohmann::ordered_json order_header_json(const kitchen::order& o) {
  nlohmann::ordered_json out = order_head_json(o);
  add_order_tail(out, o, false);
  return out;
}

nlohmann::ordered_json orders_json(const std::vector<kitchen::order>& orders) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& o : orders) out.push_back(order_json(o));
  return out;
}

}  // namespace brigade::wire
