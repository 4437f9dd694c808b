#pragma once

#include <chrono>
#include <initializer_list>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "kitchen/entities.hpp"
#include "kitchen/events.hpp"

namespace brigade::kitchen {

// Readable event types in GoogleTest's failure messages (found by ADL).
inline void PrintTo(event_type t, std::ostream* os) {
  *os << to_string(t);
}

}  // namespace brigade::kitchen

namespace brigade::realtime::testing {

// One order in restaurant 7 at table 12 with two lines, a ticket and a
// cancellation request: every payload can be built from it.

inline constexpr kitchen::restaurant_id kRestaurant = 7;
inline constexpr kitchen::order_id kOrder = 42;
inline constexpr kitchen::table_id kTable = 12;
inline constexpr timestamp kT0{
    std::chrono::milliseconds{1'764'172'800'000}};  // 2025-11-26T16:00:00Z

inline kitchen::order sample_order() {
  kitchen::order o;
  o.id = kOrder;
  o.restaurant = kRestaurant;
  o.number = "A-0042";
  o.table = kTable;
  o.status = kitchen::order_status::preparing;
  kitchen::order_item burger;
  burger.id = 101;
  burger.menu_item = 5;
  burger.name = "Burger";
  burger.quantity = 2;
  burger.unit_price = 1250;
  burger.notes = "no onions";
  burger.status = kitchen::item_status::preparing;
  burger.fired_at = kT0;  // cooked at the ticket's station (grill)
  burger.started_at = kT0 + std::chrono::minutes{1};
  kitchen::order_item fries;
  fries.id = 102;
  fries.menu_item = 6;
  fries.name = "Fries";
  fries.quantity = 1;
  fries.unit_price = 499;
  fries.status = kitchen::item_status::ready;
  fries.station = 4;
  fries.station_name = "fry";
  fries.fired_at = kT0;
  fries.ready_at = kT0 + std::chrono::minutes{5};
  o.items = {burger, fries};
  o.total_amount = 2999;
  o.final_amount = 3629;
  o.created_by = 11;
  o.created_at = kT0;
  o.confirmed_at = kT0 + std::chrono::milliseconds{1'500};
  kitchen::kitchen_order ticket;
  ticket.id = 9;
  ticket.status = kitchen::ticket_status::completed;
  ticket.priority = kitchen::ticket_priority::vip;
  ticket.station = 3;
  ticket.station_name = "grill";
  ticket.chef = 12;
  ticket.chef_name = "Carl";
  ticket.created_at = kT0;
  // 12 min 30 s: rounds half up to 13 (kitchen/prep_time.hpp).
  ticket.completed_at = kT0 + std::chrono::seconds{12 * 60 + 30};
  o.ticket = ticket;
  kitchen::cancel_request request;
  request.reason = "guest left";
  request.requested_by = 11;
  request.requested_at = kT0;
  o.cancellation = request;
  return o;
}

inline kitchen::domain_event sample_event(kitchen::event_type type) {
  kitchen::domain_event e;
  e.type = type;
  e.restaurant = kRestaurant;
  e.sequence = 5;
  e.occurred_at = kT0;
  e.actor = 11;
  if (type == kitchen::event_type::kitchen_stats_changed) {
    e.stats = kitchen::kitchen_stats{3, 2, 1, 6};
    return e;
  }
  if (type == kitchen::event_type::menu_item_availability_changed) {
    e.menu = kitchen::menu_item{7, 1, "Burger", 1250, "mains", 1, false};
    return e;
  }
  e.order = sample_order();
  e.item = 102;
  e.added_items = {102};
  e.course = 1;
  e.reason = "guest left";
  return e;
}

/// `payload` as text without `keys`: the specification's part of a payload
/// once Brigade's additions (docs/events.md) are taken off.
inline std::string dump_without(nlohmann::ordered_json payload, std::initializer_list<const char*> keys) {
  for (const char* key : keys) payload.erase(key);
  return payload.dump();
}

}  // namespace brigade::realtime::testing
