#include "api/wire_format.hpp"

#include "kitchen/prep_time.hpp"
#include "kitchen/status.hpp"

namespace brigade::api {

using wire::id_or_null;
using wire::text_or_null;

nlohmann::ordered_json table_json(const kitchen::table& t) {
  return {{"tableId", t.id}, {"name", t.name}, {"seats", t.seats}};
}

nlohmann::ordered_json station_json(const kitchen::station& s) {
  return {{"stationId", s.id}, {"name", s.name}};
}

nlohmann::ordered_json menu_item_json(const kitchen::menu_item& m) {
  return {{"menuItemId", m.id},
          {"name", m.name},
          {"price", money_json(m.price)},
          {"category", m.category},
          {"stationId", id_or_null(m.default_station)},
          {"available", m.available}};
}

nlohmann::ordered_json kitchen_order_json(const kitchen::kitchen_order& ticket,
                                  const kitchen::order& owner) {
  const auto prep = kitchen::prep_time_minutes(ticket);
  return {{"kitchenOrderId", ticket.id},
          {"orderId", owner.id},
          {"tableId", owner.table},
          {"status", kitchen::to_string(ticket.status)},
          {"priority", kitchen::to_string(ticket.priority)},
          {"stationId", id_or_null(ticket.station)},
          {"stationName", text_or_null(ticket.station_name)},
          {"chefId", id_or_null(ticket.chef)},
          {"chefName", text_or_null(ticket.chef_name)},
          {"changed", ticket.changed},
          {"createdAt", format_iso8601(ticket.created_at)},
          {"acknowledgedAt", time_json(ticket.acknowledged_at)},
          {"startedAt", time_json(ticket.started_at)},
          {"readyAt", time_json(ticket.ready_at)},
          {"completedAt", time_json(ticket.completed_at)},
          {"cancelledAt", time_json(ticket.cancelled_at)},
          {"prepTime", prep ? nlohmann::ordered_json(*prep) : nlohmann::ordered_json(nullptr)}};
}

nlohmann::ordered_json cancel_request_json(const kitchen::cancel_request& request) {
  return {{"reason", request.reason},
          {"status", kitchen::to_string(request.status)},
          {"requestedBy", request.requested_by},
          {"requestedAt", format_iso8601(request.requested_at)},
          {"rejectionReason", text_or_null(request.rejection_reason)},
          {"decidedAt", time_json(request.decided_at)}};
}

nlohmann::ordered_json order_json(const kitchen::order& o) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const auto& item : o.items) items.push_back(order_item_json(item));
  return {{"orderId", o.id},
          {"orderNumber", o.number},
          {"tableId", o.table},
          {"status", kitchen::to_string(o.status)},
          {"items", std::move(items)},
          {"notes", o.notes},
          {"totalAmount", money_json(o.total_amount)},
          {"finalAmount", money_json(o.final_amount)},
          {"createdBy", o.created_by},
          {"createdAt", format_iso8601(o.created_at)},
          {"confirmedAt", time_json(o.confirmed_at)},
          {"preparingAt", time_json(o.preparing_at)},
          {"readyAt", time_json(o.ready_at)},
          {"servedAt", time_json(o.served_at)},
          {"completedAt", time_json(o.completed_at)},
          {"cancelledAt", time_json(o.cancelled_at)},
          {"kitchenOrder", o.ticket ? kitchen_order_json(*o.ticket, o) : nlohmann::ordered_json(nullptr)},
          {"cancelRequest",
           o.cancellation ? cancel_request_json(*o.cancellation) : nlohmann::ordered_json(nullptr)}};
}

nlohmann::ordered_json orders_json(const std::vector<kitchen::order>& orders) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& o : orders) out.push_back(order_json(o));
  return out;
}

nlohmann::ordered_json event_json(const kitchen::domain_event& event) {
  nlohmann::ordered_json out = {{"sequence", event.sequence},
                        {"type", kitchen::to_string(event.type)},
                        {"occurredAt", format_iso8601(event.occurred_at)},
                        {"actorId", event.actor}};
  if (event.order) {
    out["orderId"] = event.order->id;
    if (event.order->ticket) out["kitchenOrderId"] = event.order->ticket->id;
  }
  if (event.item != 0) out["itemId"] = event.item;
  if (event.type == kitchen::event_type::order_items_added) out["addedItemIds"] = event.added_items;
  if (!event.reason.empty()) out["reason"] = event.reason;
  if (event.stats) out["stats"] = stats_json(*event.stats);
  if (event.order) out["order"] = order_json(*event.order);
  return out;
}

nlohmann::ordered_json events_page_json(const std::vector<kitchen::domain_event>& events, uint64_t after) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : events) list.push_back(event_json(e));
  return {{"events", std::move(list)},
          {"lastSequence", events.empty() ? after : events.back().sequence}};
}

}  // namespace brigade::api
