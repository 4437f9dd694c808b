#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "kitchen/entities.hpp"
#include "kitchen/errors.hpp"
#include "kitchen/workflow_context.hpp"

namespace brigade::kitchen {

// Readable names in GoogleTest's failure messages (found by ADL).
inline void PrintTo(event_type t, std::ostream* os) {
  *os << to_string(t);
}
inline void PrintTo(order_status s, std::ostream* os) {
  *os << to_string(s);
}
inline void PrintTo(ticket_status s, std::ostream* os) {
  *os << to_string(s);
}
inline void PrintTo(item_status s, std::ostream* os) {
  *os << to_string(s);
}

}  // namespace brigade::kitchen

namespace brigade::kitchen::testing {

// Ready-made inputs for the pure workflow tests: a restaurant, its actors
// and menu, and orders already in any state with a ticket that matches.

inline constexpr restaurant_id kRestaurant = 7;
inline constexpr timestamp kNow{
    std::chrono::milliseconds{1'764'172'800'000}};  // 2025-11-26T16:00:00Z

inline restaurant sample_restaurant() {
  restaurant r;
  r.id = kRestaurant;
  r.name = "Chez Test";
  r.order_number_prefix = "A";
  r.pricing = pricing_policy{0, 1000, 1000};  // 10 % service, 10 % tax
  return r;
}

inline actor waiter() {
  return actor{11, kRestaurant, "Wendy", staff_role::waiter};
}
inline actor chef() {
  return actor{12, kRestaurant, "Carl", staff_role::chef};
}

inline workflow::context context_for(const actor& by, timestamp now = kNow) {
  return workflow::context{sample_restaurant(), by, now};
}

/// Ids as if the store had saved `o` with its ticket: order 100, ticket
/// 200, lines 1..n in order.
inline void number_as_saved(order& o) {
  o.id = 100;
  if (o.ticket) o.ticket->id = 200;
  for (size_t i = 0; i < o.items.size(); ++i) o.items[i].id = static_cast<order_item_id>(i + 1);
}

inline table sample_table() {
  return table{21, kRestaurant, "12", 4};
}
inline station grill() {
  return station{31, kRestaurant, "grill"};
}
inline station cold() {
  return station{32, kRestaurant, "cold"};
}

inline menu_item burger() {
  return menu_item{41, kRestaurant, "Burger", 1250, "mains", 31, true};
}
inline menu_item salad() {
  return menu_item{42, kRestaurant, "Salad", 800, "starters", 32, true};
}
inline menu_item sold_out_pie() {
  return menu_item{43, kRestaurant, "Pie", 600, "desserts", 31, false};
}

inline workflow::resolved_item wanted(const menu_item& m, int32_t quantity = 1,
                                      std::string notes = "") {
  return workflow::resolved_item{new_item{m.id, quantity, std::move(notes)}, m};
}

/// The order status that goes with a ticket status when the rules alone
/// moved them.
inline order_status order_status_for(ticket_status t) {
  switch (t) {
    case ticket_status::pending:
    case ticket_status::acknowledged:
      return order_status::confirmed;
    case ticket_status::preparing:
      return order_status::preparing;
    case ticket_status::ready:
      return order_status::ready;
    case ticket_status::completed:
      return order_status::served;
    case ticket_status::cancelled:
      return order_status::cancelled;
  }
  return order_status::confirmed;
}

inline item_status item_status_for(order_status s) {
  switch (s) {
    case order_status::pending:
    case order_status::confirmed:
      return item_status::pending;
    case order_status::preparing:
      return item_status::preparing;
    case order_status::ready:
      return item_status::ready;
    case order_status::served:
    case order_status::completed:
      return item_status::served;
    case order_status::cancelled:
      return item_status::cancelled;
  }
  return item_status::pending;
}

/// A stored order (ids assigned) with two lines, burger ×2 and salad ×1.
inline order stored_order(order_status status = order_status::pending) {
  order o;
  o.id = 100;
  o.restaurant = kRestaurant;
  o.number = "A-0001";
  o.table = sample_table().id;
  o.status = status;
  o.created_by = waiter().id;
  o.created_at = kNow - std::chrono::minutes{30};
  const item_status lines = item_status_for(status);
  o.items.push_back(order_item{101, burger().id, "Burger", 2, 1250, "", lines, o.created_at});
  o.items.push_back(order_item{102, salad().id, "Salad", 1, 800, "", lines, o.created_at});
  o.total_amount = 3300;
  o.final_amount = 3993;
  return o;
}

/// A stored order whose ticket is in `t` and whose order status follows it.
inline order order_with_ticket(ticket_status t) {
  order o = stored_order(order_status_for(t));
  kitchen_order ticket;
  ticket.id = 200;
  ticket.status = t;
  ticket.station = grill().id;
  ticket.station_name = grill().name;
  ticket.created_at = o.created_at;
  if (t == ticket_status::completed) ticket.completed_at = kNow - std::chrono::minutes{1};
  if (t == ticket_status::cancelled) ticket.cancelled_at = kNow - std::chrono::minutes{1};
  o.ticket = ticket;
  return o;
}

/// An order in `s` with the ticket the rules would have given it (none
/// while pending; completed once served).
inline order order_in(order_status s) {
  switch (s) {
    case order_status::pending:
      return stored_order(s);
    case order_status::confirmed:
      return order_with_ticket(ticket_status::pending);
    case order_status::preparing:
      return order_with_ticket(ticket_status::preparing);
    case order_status::ready:
      return order_with_ticket(ticket_status::ready);
    case order_status::served:
      return order_with_ticket(ticket_status::completed);
    case order_status::completed: {
      order o = order_with_ticket(ticket_status::completed);
      o.status = order_status::completed;
      return o;
    }
    case order_status::cancelled:
      return order_with_ticket(ticket_status::cancelled);
  }
  return stored_order(s);
}

/// Adds an open cancellation request to `o`.
inline order with_open_request(order o, std::string reason = "guest left") {
  cancel_request request;
  request.reason = std::move(reason);
  request.requested_by = waiter().id;
  request.requested_at = kNow - std::chrono::minutes{2};
  o.cancellation = request;
  return o;
}

/// The types of `events`, in order: what a command announced, in one assertion.
inline std::vector<event_type> types(const std::vector<domain_event>& events) {
  std::vector<event_type> out;
  for (const domain_event& e : events) out.push_back(e.type);
  return out;
}

inline std::string detail(const error& e, std::string_view key) {
  for (const auto& [k, v] : e.details) {
    if (k == key) return v;
  }
  return "<none>";
}

}  // namespace brigade::kitchen::testing
