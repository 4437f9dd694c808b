#include "realtime/event_routes.hpp"

#include "realtime/payloads.hpp"

namespace brigade::realtime {
namespace {

using json = nlohmann::ordered_json;
using kitchen::domain_event;
using kitchen::event_type;

constexpr auto kKitchen = room_target::kitchen;
constexpr auto kWaiters = room_target::waiters;
constexpr auto kTable = room_target::table;
constexpr auto kOrder = room_target::order;

// Builders run only after route() checked the entry's subject, so the
// optionals they dereference are present.
const kitchen::order& order_of(const domain_event& e) {
  return *e.order;
}
const kitchen::kitchen_order& ticket_of(const domain_event& e) {
  return *e.order->ticket;
}

json build_order_created(const domain_event& e) {
  return order_created_payload(order_of(e));
}
json build_order_new(const domain_event& e) {
  return order_new_payload(order_of(e));
}
json build_order_confirmed(const domain_event& e) {
  return order_confirmed_payload(order_of(e));
}
json build_order_status(const domain_event& e) {
  return order_status_payload(order_of(e));
}
json build_items_added(const domain_event& e) {
  return order_items_added_payload(order_of(e), e.added_items);
}
json build_item_status(const domain_event& e) {
  return order_item_status_payload(order_of(e), e.item);
}
json build_course_fired(const domain_event& e) {
  return order_course_fired_payload(order_of(e), e.course);
}
json build_item_station(const domain_event& e) {
  return ticket_item_station_payload(order_of(e), ticket_of(e), e.item);
}
json build_cancel_request(const domain_event& e) {
  // The requester is recorded on the request; the actor is the same person
  // and serves when an older snapshot has no request attached.
  const auto& o = order_of(e);
  const auto requester = o.cancellation ? o.cancellation->requested_by : e.actor;
  return order_cancel_request_payload(o, e.reason, requester);
}
json build_order_cancelled(const domain_event& e) {
  return order_cancelled_payload(order_of(e), e.reason);
}
json build_acknowledged(const domain_event& e) {
  return ticket_acknowledged_payload(order_of(e), ticket_of(e));
}
json build_ticket(const domain_event& e) {
  return ticket_payload(order_of(e), ticket_of(e));
}
json build_completed(const domain_event& e) {
  return ticket_completed_payload(order_of(e), ticket_of(e));
}
json build_cancel_rejected(const domain_event& e) {
  return ticket_cancel_rejected_payload(order_of(e), ticket_of(e), e.reason);
}
json build_priority(const domain_event& e) {
  return ticket_priority_payload(order_of(e), ticket_of(e));
}
json build_station(const domain_event& e) {
  return ticket_station_payload(order_of(e), ticket_of(e));
}
json build_stats(const domain_event& e) {
  return stats_payload(*e.stats);
}
json build_menu_availability(const domain_event& e) {
  return menu_availability_payload(*e.menu);
}

std::vector<route_entry> make_table() {
  using S = event_subject;
  // Each trigger's reference entry (the spec's "Sent to") comes first; the
  // short-named copies after it are the "Rooms Structure" and "Event Flow"
  // extras (order:new, order:status, kitchen:acknowledged/preparing/ready)
  // that table and order screens listen for.
  return {
      {event_type::order_created,
       "order:created",
       {kKitchen, kWaiters, kTable},
       S::order,
       build_order_created},
      {event_type::order_created, "order:new", {kKitchen}, S::order, build_order_new},
      {event_type::order_confirmed,
       "order:confirmed",
       {kKitchen, kWaiters, kTable},
       S::order,
       build_order_confirmed},
      {event_type::order_status_changed,
       "order:status_changed",
       {kKitchen, kWaiters, kTable, kOrder},
       S::order,
       build_order_status},
      {event_type::order_status_changed, "order:status", {kTable}, S::order, build_order_status},
      {event_type::order_items_added,
       "order:items_added",
       {kKitchen, kTable, kOrder},
       S::order,
       build_items_added},
      // The kitchen too (beyond the specification): each station screen
      // shows the others' progress line by line.
      {event_type::order_item_status_changed,
       "order:item_status_changed",
       {kTable, kWaiters, kOrder, kKitchen},
       S::order,
       build_item_status},
      // Not in the specification: the waiter fired a held course
      // (docs/kitchen.md "Stations and courses").
      {event_type::order_course_fired,
       "order:course_fired",
       {kKitchen, kWaiters, kOrder},
       S::order,
       build_course_fired},
      {event_type::order_cancel_requested,
       "order:cancel_request",
       {kKitchen, kOrder},
       S::order,
       build_cancel_request},
      {event_type::order_cancelled,
       "order:cancelled",
       {kKitchen, kTable, kWaiters, kOrder},
       S::order,
       build_order_cancelled},
      {event_type::ticket_acknowledged,
       "kitchen:order_acknowledged",
       {kKitchen, kWaiters, kOrder},
       S::ticket,
       build_acknowledged},
      {event_type::ticket_acknowledged,
       "kitchen:acknowledged",
       {kOrder},
       S::ticket,
       build_acknowledged},
      {event_type::ticket_preparing,
       "kitchen:order_preparing",
       {kKitchen, kTable, kWaiters},
       S::ticket,
       build_ticket},
      {event_type::ticket_preparing, "kitchen:preparing", {kTable}, S::ticket, build_ticket},
      {event_type::ticket_ready,
       "kitchen:order_ready",
       {kKitchen, kTable, kWaiters, kOrder},
       S::ticket,
       build_ticket},
      {event_type::ticket_ready, "kitchen:ready", {kTable, kOrder}, S::ticket, build_ticket},
      {event_type::ticket_completed,
       "kitchen:order_completed",
       {kKitchen, kTable, kWaiters},
       S::ticket,
       build_completed},
      // Not in the specification: a bump undone (docs/kitchen.md "Recall").
      // Everyone who saw the ticket leave the kitchen, and the order's own
      // screen, sees it ready again.
      {event_type::ticket_recalled,
       "kitchen:order_recalled",
       {kKitchen, kWaiters, kTable, kOrder},
       S::ticket,
       build_ticket},
      // order:cancelled is not repeated here: the domain emits
      // order_cancelled right after this event and that one carries it.
      {event_type::ticket_cancel_accepted,
       "kitchen:cancel_accepted",
       {kKitchen, kWaiters, kOrder},
       S::ticket,
       build_ticket},
      {event_type::ticket_cancel_rejected,
       "kitchen:cancel_rejected",
       {kKitchen, kWaiters, kOrder},
       S::ticket,
       build_cancel_rejected},
      {event_type::ticket_priority_changed,
       "kitchen:priority_changed",
       {kKitchen},
       S::ticket,
       build_priority},
      {event_type::ticket_station_assigned,
       "kitchen:station_assigned",
       {kKitchen},
       S::ticket,
       build_station},
      // Not in the specification: a chef moved one line to another station.
      {event_type::ticket_item_station_assigned,
       "kitchen:item_station_changed",
       {kKitchen},
       S::ticket,
       build_item_station},
      // Throttled: every ticket change moves the counts, and a KDS needs the
      // latest numbers, not each step.
      {event_type::kitchen_stats_changed,
       "kitchen:stats_update",
       {kKitchen},
       S::stats,
       build_stats,
       delivery::throttled},
      // A dish sold out (86) or back: every waiter's composer and every
      // kitchen screen at once.
      {event_type::menu_item_availability_changed,
       "menu:item_availability",
       {kKitchen, kWaiters},
       S::menu,
       build_menu_availability},
  };
}

bool has_subject(const domain_event& e, event_subject subject) {
  switch (subject) {
    case event_subject::order:
      return e.order.has_value();
    case event_subject::ticket:
      return e.order.has_value() && e.order->ticket.has_value();
    case event_subject::stats:
      return e.stats.has_value();
    case event_subject::menu:
      return e.menu.has_value();
  }
  return false;
}

}  // namespace

const std::vector<route_entry>& event_routes() {
  // A function-local static: initialised once, thread-safe (C++11 magic statics).
  static const std::vector<route_entry> table = make_table();
  return table;
}

std::string_view to_string(room_target target) {
  switch (target) {
    case room_target::kitchen:
      return "kitchen";
    case room_target::waiters:
      return "waiters";
    case room_target::table:
      return "table:{tableId}";
    case room_target::order:
      return "order:{orderId}";
  }
  return "unknown";
}

room resolve(room_target target, const kitchen::order& o) {
  switch (target) {
    case room_target::kitchen:
      return room::kitchen();
    case room_target::waiters:
      return room::waiters();
    case room_target::table:
      return room::table(o.table);
    case room_target::order:
      return room::order(o.id);
  }
  return room::kitchen();
}

std::vector<outgoing_event> route(const kitchen::domain_event& event) {
  // Stats and menu events carry no order; their targets are the kitchen
  // and waiters, which need none, so an empty order stands in.
  static const kitchen::order kNoOrder{};
  const auto& o = event.order ? *event.order : kNoOrder;
  std::vector<outgoing_event> out;
  for (const auto& entry : event_routes()) {
    if (entry.trigger != event.type || !has_subject(event, entry.subject)) continue;
    outgoing_event routed{entry.name, {}, entry.build(event), entry.mode};
    routed.rooms.reserve(entry.rooms.size());
    for (const auto target : entry.rooms) routed.rooms.push_back(resolve(target, o));
    out.push_back(std::move(routed));
  }
  return out;
}

}  // namespace brigade::realtime
