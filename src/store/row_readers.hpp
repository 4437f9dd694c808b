#pragma once

// How the kitchen's entities map to rows, shared by the SQLite and the
// PostgreSQL stores so the two cannot drift apart: the column lists both
// select (plain SQL, the same in both dialects) and the readers that turn a
// row into an entity, written once over any statement with the
// sqlite_statement interface (column_int, column_text, …; sqlite_statement
// and pg_statement both have it). Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "kitchen/ports.hpp"
#include "store/line_details_json.hpp"
#include "store/row_values.hpp"

namespace brigade::store::rows {

using namespace kitchen;

// An order row with its ticket (and the names of its station and chef,
// joined so they always show the current names) and its cancellation
// request. The column positions are read by read_order_row below.
inline constexpr std::string_view kOrderColumns =
    // 0-15: the order
    "SELECT o.id, o.restaurant_id, o.number, o.table_id, o.status, o.notes, o.total_amount,"
    " o.final_amount, o.created_by, o.created_at, o.confirmed_at, o.preparing_at, o.ready_at,"
    " o.served_at, o.completed_at, o.cancelled_at,"
    // 16-29: its ticket (NULLs when none)
    " k.id, k.status, k.priority, k.station_id, st.name, k.chef_id, chef.name, k.changed,"
    " k.created_at, k.acknowledged_at, k.started_at, k.ready_at, k.completed_at, k.cancelled_at,"
    // 30-36: its cancellation request (NULLs when none)
    " cr.order_id, cr.reason, cr.requested_by, cr.requested_at, cr.status, cr.rejection_reason,"
    " cr.decided_at";
inline constexpr std::string_view kOrderJoins =
    " LEFT JOIN stations st ON st.id = k.station_id"
    " LEFT JOIN staff chef ON chef.id = k.chef_id"
    " LEFT JOIN cancel_requests cr ON cr.order_id = o.id";

// Written as IN, not NOT IN, so it is four seeks on kitchen_orders_by_status.
inline constexpr std::string_view kOpenTicket =
    "k.status IN ('pending', 'acknowledged', 'preparing', 'ready')";

inline std::string orders_with_optional_ticket() {
  return std::string{kOrderColumns} +
         " FROM orders o LEFT JOIN kitchen_orders k ON k.order_id = o.id" +
         std::string{kOrderJoins};
}

inline std::string orders_with_ticket() {
  return std::string{kOrderColumns} + " FROM kitchen_orders k JOIN orders o ON o.id = k.order_id" +
         std::string{kOrderJoins};
}

inline constexpr auto read_order_row = [](const auto& s) -> order {
  order o;
  o.id = s.column_int(0);
  o.restaurant = s.column_int(1);
  o.number = s.column_text(2);
  o.table = column_ref(s, 3);
  o.status = column_enum<order_status>(s, 4, parse_order_status, "order status");
  o.notes = s.column_text(5);
  o.total_amount = s.column_int(6);
  o.final_amount = s.column_int(7);
  o.created_by = column_ref(s, 8);
  o.created_at = column_time(s, 9);
  o.confirmed_at = column_optional_time(s, 10);
  o.preparing_at = column_optional_time(s, 11);
  o.ready_at = column_optional_time(s, 12);
  o.served_at = column_optional_time(s, 13);
  o.completed_at = column_optional_time(s, 14);
  o.cancelled_at = column_optional_time(s, 15);
  if (!s.column_is_null(16)) {
    kitchen_order& k = o.ticket.emplace();
    k.id = s.column_int(16);
    k.status = column_enum<ticket_status>(s, 17, parse_ticket_status, "ticket status");
    k.priority = column_enum<ticket_priority>(s, 18, parse_ticket_priority, "ticket priority");
    k.station = column_ref(s, 19);
    k.station_name = s.column_text(20);
    k.chef = column_ref(s, 21);
    k.chef_name = s.column_text(22);
    k.changed = s.column_int(23) != 0;
    k.created_at = column_time(s, 24);
    k.acknowledged_at = column_optional_time(s, 25);
    k.started_at = column_optional_time(s, 26);
    k.ready_at = column_optional_time(s, 27);
    k.completed_at = column_optional_time(s, 28);
    k.cancelled_at = column_optional_time(s, 29);
  }
  if (!s.column_is_null(30)) {
    cancel_request& c = o.cancellation.emplace();
    c.reason = s.column_text(31);
    c.requested_by = column_ref(s, 32);
    c.requested_at = column_time(s, 33);
    c.status = column_enum<cancel_request_status>(s, 34, parse_cancel_request_status,
                                                  "cancel request status");
    c.rejection_reason = s.column_text(35);
    c.decided_at = column_optional_time(s, 36);
  }
  return o;
};

inline const std::string kRestaurantColumns =
    "SELECT id, name, order_number_prefix, timezone, currency, send_to_kitchen_on_create,"
    " discount_bps, service_charge_bps, tax_bps, auto_fire_minutes, ticket_target_minutes,"
    " fire_by_prep_time FROM restaurants";

inline constexpr auto read_restaurant = [](const auto& s) -> restaurant {
  restaurant r;
  r.id = s.column_int(0);
  r.name = s.column_text(1);
  r.order_number_prefix = s.column_text(2);
  r.timezone = s.column_text(3);
  r.currency = s.column_text(4);
  r.send_to_kitchen_on_create = s.column_int(5) != 0;
  r.pricing.discount_bps = static_cast<int32_t>(s.column_int(6));
  r.pricing.service_charge_bps = static_cast<int32_t>(s.column_int(7));
  r.pricing.tax_bps = static_cast<int32_t>(s.column_int(8));
  r.auto_fire_minutes = static_cast<int32_t>(s.column_int(9));
  r.ticket_target_minutes = static_cast<int32_t>(s.column_int(10));
  r.fire_by_prep_time = s.column_int(11) != 0;
  return r;
};


inline constexpr auto read_table = [](const auto& s) -> table {
  return table{s.column_int(0), s.column_int(1), s.column_text(2), static_cast<int32_t>(s.column_int(3)),
               s.column_text(4)};
};

inline constexpr auto read_station = [](const auto& s) -> station {
  return station{s.column_int(0), s.column_int(1), s.column_text(2), s.column_text(3)};
};

inline const std::string kTableColumns = "SELECT id, restaurant_id, name, seats, area FROM tables";
inline const std::string kStationColumns = "SELECT id, restaurant_id, name, colour FROM stations";



// The dish columns, with its category's name and position (for ordering),
// in read_menu_item's order.
inline const std::string kMenuColumns =
    "SELECT m.id, m.restaurant_id, m.name, m.price, COALESCE(c.name, ''), m.default_station_id, m.available,"
    " m.category_id, m.description, m.default_course, m.allergens, m.tags, m.position, m.archived,"
    " m.prep_minutes FROM menu_items m LEFT JOIN menu_categories c ON c.id = m.category_id";

// Categories first by position; dishes without one after every category.
inline constexpr std::string_view kMenuOrder = " ORDER BY c.position IS NULL, c.position, c.id, m.position, m.id";

inline constexpr auto read_menu_item = [](const auto& s) -> menu_item {
  menu_item m;
  m.id = s.column_int(0);
  m.restaurant = s.column_int(1);
  m.name = s.column_text(2);
  m.price = s.column_int(3);
  m.category = s.column_text(4);
  m.default_station = column_ref(s, 5);
  m.available = s.column_int(6) != 0;
  m.category_id = column_ref(s, 7);
  m.description = s.column_text(8);
  m.default_course = static_cast<int32_t>(s.column_int(9));
  m.allergens = strings_from_text(s.column_text(10));
  m.tags = strings_from_text(s.column_text(11));
  m.position = static_cast<int32_t>(s.column_int(12));
  m.archived = s.column_int(13) != 0;
  m.prep_minutes = static_cast<int32_t>(s.column_int(14));
  return m;
};

// A group's columns and, LEFT JOINed, each of its options (NULLs for a
// group without any), in read_groups' order.
inline constexpr std::string_view kGroupColumns =
    "SELECT g.id, g.restaurant_id, g.name, g.min_choices, g.max_choices, o.id, o.name, o.price_delta";

// Groups from rows ordered so each group's rows are together, options in order.
inline constexpr auto read_groups = [](auto& s) -> std::vector<modifier_group> {
  std::vector<modifier_group> groups;
  while (s.step()) {
    if (groups.empty() || groups.back().id != s.column_int(0)) {
      modifier_group& g = groups.emplace_back();
      g.id = s.column_int(0);
      g.restaurant = s.column_int(1);
      g.name = s.column_text(2);
      g.min_choices = static_cast<int32_t>(s.column_int(3));
      g.max_choices = static_cast<int32_t>(s.column_int(4));
    }
    if (const auto option = s.column_optional_int(5)) {
      groups.back().options.push_back({*option, s.column_text(6), s.column_int(7)});
    }
  }
  return groups;
};

inline constexpr auto read_category = [](const auto& s) -> menu_category {
  return menu_category{s.column_int(0), s.column_int(1), s.column_text(2), static_cast<int32_t>(s.column_int(3))};
};


inline const std::string kStaffColumns =
    "SELECT id, restaurant_id, name, username, role, password_hash, active, token_generation, must_change_password"
    " FROM staff";

inline constexpr auto read_staff = [](const auto& s) -> staff {
  staff member;
  member.id = s.column_int(0);
  member.restaurant = s.column_int(1);
  member.name = s.column_text(2);
  member.username = s.column_text(3);
  member.role = column_enum<staff_role>(s, 4, parse_staff_role, "staff role");
  member.password_hash = s.column_text(5);
  member.active = s.column_int(6) != 0;
  member.token_generation = s.column_int(7);
  member.must_change_password = s.column_int(8) != 0;
  return member;
};


inline const std::string kDeviceColumns =
    "SELECT id, restaurant_id, role, table_id, name, created_by, created_at, revoked_at FROM devices";

inline constexpr auto read_device = [](const auto& s) -> device {
  device d;
  d.id = s.column_int(0);
  d.restaurant = s.column_int(1);
  d.role = column_enum<staff_role>(s, 2, parse_staff_role, "device role");
  d.table = column_ref(s, 3);
  d.name = s.column_text(4);
  d.created_by = column_ref(s, 5);
  d.created_at = from_unix_ms(s.column_int(6));
  d.revoked_at = column_optional_time(s, 7);
  return d;
};

inline constexpr auto read_audit = [](const auto& s) -> audit_entry {
  audit_entry e;
  e.id = s.column_int(0);
  e.restaurant = s.column_int(1);
  e.at = from_unix_ms(s.column_int(2));
  e.actor_kind = s.column_text(3);
  e.actor_id = column_ref(s, 4);
  e.actor_name = s.column_text(5);
  e.action = s.column_text(6);
  e.subject = s.column_text(7);
  e.details = s.column_text(8);
  return e;
};

// The columns update_order writes: a column added there must be added here,
// or a change to it alone would not be saved (order_saves_test covers the
// status; the rest follow the same line).
inline bool same_order_row(const order& a, const order& b) {
  return a.number == b.number && a.table == b.table && a.status == b.status && a.notes == b.notes &&
         a.total_amount == b.total_amount && a.final_amount == b.final_amount && a.created_by == b.created_by &&
         a.created_at == b.created_at && a.confirmed_at == b.confirmed_at && a.preparing_at == b.preparing_at &&
         a.ready_at == b.ready_at && a.served_at == b.served_at && a.completed_at == b.completed_at &&
         a.cancelled_at == b.cancelled_at;
}

// The columns of a line after order_id (insert) or before id (update), in
// one order for both statements.
inline constexpr std::string_view kLineColumns[] = {
    "menu_item_id", "name",     "quantity",   "unit_price", "notes",    "status",   "created_at", "modifiers",
    "seat",         "course",   "allergens",  "station_id", "held",     "fired_at", "started_at", "ready_at",
    "served_at",    "prep_minutes", "release_at"};

// Binds kLineColumns from `first` on; returns the next index.
template <typename Statement>
int bind_line(Statement& s, int first, const order_item& item) {
  int i = first;
  s.bind_int(i++, item.menu_item).bind_text(i++, item.name).bind_int(i++, item.quantity);
  s.bind_int(i++, item.unit_price).bind_text(i++, item.notes).bind_text(i++, to_string(item.status));
  bind_time(s, i++, item.created_at);
  s.bind_text(i++, modifiers_text(item.modifiers)).bind_int(i++, item.seat).bind_int(i++, item.course);
  s.bind_text(i++, strings_text(item.allergens));
  bind_ref(s, i++, item.station);
  s.bind_int(i++, item.held ? 1 : 0);
  bind_time(s, i++, item.fired_at);
  bind_time(s, i++, item.started_at);
  bind_time(s, i++, item.ready_at);
  bind_time(s, i++, item.served_at);
  s.bind_int(i++, item.prep_minutes);
  bind_time(s, i++, item.release_at);
  return i;
}

}  // namespace brigade::store::rows
