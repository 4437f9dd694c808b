// The read half of postgres_unit_of_work: every kitchen_reader query.
#include <algorithm>
#include <limits>

#include "store/event_json.hpp"
#include "store/line_details_json.hpp"
#include "store/postgresql/postgres_unit_of_work.hpp"
#include "store/row_readers.hpp"
#include "store/postgresql/pg_values.hpp"

namespace brigade::store::postgresql {

using namespace kitchen;
using namespace store::rows;

std::optional<restaurant> postgres_unit_of_work::find_restaurant(restaurant_id id) {
  // A command reads its restaurant first. In a transaction that may write,
  // that read takes the restaurant's row lock (the one raising its outbox
  // counter takes anyway) for the whole transaction: the commands of one
  // restaurant then run one after another on every node, each reading what
  // the previous one committed, as they do on SQLite's single writer; no
  // order or ticket is updated from a stale read.
  auto s = prepare(kRestaurantColumns + (writer_ ? " WHERE id = $1 FOR UPDATE" : " WHERE id = $1"),
                   "finding a restaurant");
  s.bind_int(1, id);
  return one_row<restaurant>(s, read_restaurant);
}

std::vector<restaurant> postgres_unit_of_work::restaurants() {
  auto s = prepare(kRestaurantColumns + " ORDER BY id", "listing restaurants");
  return all_rows<restaurant>(s, read_restaurant);
}

std::optional<staff> postgres_unit_of_work::find_staff(staff_id id) {
  auto s = prepare(kStaffColumns + " WHERE id = $1", "finding a staff member");
  s.bind_int(1, id);
  return one_row<staff>(s, read_staff);
}

std::optional<staff> postgres_unit_of_work::find_staff_by_username(std::string_view username) {
  auto s = prepare(kStaffColumns + " WHERE username = $1", "finding a staff member by username");
  s.bind_text(1, username);
  return one_row<staff>(s, read_staff);
}

int64_t postgres_unit_of_work::staff_count(restaurant_id r) {
  auto s = prepare("SELECT COUNT(*) FROM staff WHERE restaurant_id = $1", "counting staff members");
  s.bind_int(1, r);
  s.step();
  return s.column_int(0);
}

std::vector<table> postgres_unit_of_work::tables(restaurant_id r) {
  auto s = prepare(kTableColumns + " WHERE restaurant_id = $1 ORDER BY id", "listing tables");
  s.bind_int(1, r);
  return all_rows<table>(s, read_table);
}

std::optional<table> postgres_unit_of_work::find_table(restaurant_id r, table_id id) {
  auto s = prepare(kTableColumns + " WHERE restaurant_id = $1 AND id = $2", "finding a table");
  s.bind_int(1, r).bind_int(2, id);
  return one_row<table>(s, read_table);
}

std::vector<station> postgres_unit_of_work::stations(restaurant_id r) {
  auto s =
      prepare(kStationColumns + " WHERE restaurant_id = $1 ORDER BY id", "listing stations");
  s.bind_int(1, r);
  return all_rows<station>(s, read_station);
}

std::optional<station> postgres_unit_of_work::find_station(restaurant_id r, station_id id) {
  auto s =
      prepare(kStationColumns + " WHERE restaurant_id = $1 AND id = $2", "finding a station");
  s.bind_int(1, r).bind_int(2, id);
  return one_row<station>(s, read_station);
}

std::vector<order> postgres_unit_of_work::load_orders(pg_statement& query) {
  std::vector<order> orders;
  while (query.step()) orders.push_back(read_order_row(query));
  for (auto& o : orders) o.items = load_items(o.id);
  return orders;
}

std::vector<order_item> postgres_unit_of_work::load_items(order_id id) {
  auto s = prepare(
      "SELECT i.id, i.menu_item_id, i.name, i.quantity, i.unit_price, i.notes, i.status, i.created_at,"
      " i.modifiers, i.seat, i.course, i.allergens, i.station_id, s.name, i.held, i.fired_at, i.started_at,"
      " i.ready_at, i.served_at, i.prep_minutes, i.release_at FROM order_items i LEFT JOIN stations s ON s.id = i.station_id"
      " WHERE i.order_id = $1 ORDER BY i.id",
      "loading order items");
  s.bind_int(1, id);
  std::vector<order_item> items;
  while (s.step()) {
    order_item& item = items.emplace_back();
    item.id = s.column_int(0);
    item.menu_item = s.column_int(1);
    item.name = s.column_text(2);
    item.quantity = static_cast<int32_t>(s.column_int(3));
    item.unit_price = s.column_int(4);
    item.notes = s.column_text(5);
    item.status = column_enum<item_status>(s, 6, parse_item_status, "item status");
    item.created_at = column_time(s, 7);
    item.modifiers = modifiers_from_text(s.column_text(8));
    item.seat = static_cast<int32_t>(s.column_int(9));
    item.course = static_cast<int32_t>(s.column_int(10));
    item.allergens = strings_from_text(s.column_text(11));
    item.station = column_ref(s, 12);
    if (item.station != 0) item.station_name = s.column_text(13);
    item.held = s.column_int(14) != 0;
    item.fired_at = column_optional_time(s, 15);
    item.started_at = column_optional_time(s, 16);
    item.ready_at = column_optional_time(s, 17);
    item.served_at = column_optional_time(s, 18);
    item.prep_minutes = static_cast<int32_t>(s.column_int(19));
    item.release_at = column_optional_time(s, 20);
  }
  return items;
}

std::optional<order> postgres_unit_of_work::find_order(restaurant_id r, order_id id) {
  auto s = prepare(orders_with_optional_ticket() + " WHERE o.restaurant_id = $1 AND o.id = $2",
                       "finding an order");
  s.bind_int(1, r).bind_int(2, id);
  auto orders = load_orders(s);
  if (orders.empty()) return std::nullopt;
  remember_rows(orders.front());
  return std::move(orders.front());
}

std::optional<order> postgres_unit_of_work::find_order_by_ticket(restaurant_id r,
                                                               kitchen_order_id id) {
  auto s = prepare(orders_with_ticket() + " WHERE k.restaurant_id = $1 AND k.id = $2",
                       "finding an order by ticket");
  s.bind_int(1, r).bind_int(2, id);
  auto orders = load_orders(s);
  if (orders.empty()) return std::nullopt;
  remember_rows(orders.front());
  return std::move(orders.front());
}

order_page postgres_unit_of_work::list_orders(restaurant_id r, const order_query& query) {
  // Only the filters in use appear in the SQL, each with the next parameter
  // number (PostgreSQL refuses a parameter the statement never names).
  std::vector<std::string> values{std::to_string(r)};
  const auto next = [&](std::string value) {
    values.push_back(std::move(value));
    return "$" + std::to_string(values.size());
  };
  std::string sql = orders_with_optional_ticket() + " WHERE o.restaurant_id = $1";
  if (query.status) sql += " AND o.status = " + next(std::string{to_string(*query.status)});
  if (query.table) sql += " AND o.table_id = " + next(std::to_string(*query.table));
  if (query.open_only) sql += " AND o.status NOT IN ('completed', 'cancelled')";
  if (query.before) sql += " AND o.id < " + next(std::to_string(*query.before));
  // One row more than asked tells whether another page exists.
  const int64_t limit = std::max<int64_t>(query.limit, 1);
  sql += " ORDER BY o.id DESC LIMIT " + next(std::to_string(limit + 1));
  auto s = prepare(sql, "listing orders");
  for (size_t i = 0; i < values.size(); ++i) s.bind_text(static_cast<int>(i + 1), values[i]);
  order_page page;
  page.orders = load_orders(s);
  if (static_cast<int64_t>(page.orders.size()) > limit) {
    page.orders.pop_back();
    page.next_before = page.orders.back().id;
  }
  return page;
}

std::vector<order> postgres_unit_of_work::list_tickets(restaurant_id r, const ticket_query& query) {
  std::vector<std::string> values{std::to_string(r)};
  const auto next = [&](std::string value) {
    values.push_back(std::move(value));
    return "$" + std::to_string(values.size());
  };
  std::string sql = orders_with_ticket() + " WHERE k.restaurant_id = $1";
  // The latest bumps first (a kitchen screen's recall list), walking the
  // partial index kitchen_orders_by_completion backwards: its condition is
  // written out, as the planner cannot match a bound parameter against it.
  // Every other listing is the queue, oldest ticket first.
  const bool completed = query.status == ticket_status::completed;
  if (completed) {
    sql += " AND k.status = 'completed'";
  } else if (query.status) {
    sql += " AND k.status = " + next(std::string{to_string(*query.status)});
  } else {
    sql += " AND " + std::string{kOpenTicket};
  }
  // A station's queue: tickets with a line it cooks (the line's own
  // station, else the ticket's), cancelled lines aside.
  if (query.station) {
    sql += " AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = k.order_id"
           " AND i.status <> 'cancelled' AND COALESCE(i.station_id, k.station_id) = " +
           next(std::to_string(*query.station)) + ")";
  }
  sql += completed ? " ORDER BY k.completed_at DESC, k.id DESC" : " ORDER BY k.created_at, k.id";
  if (query.limit) sql += " LIMIT " + next(std::to_string(*query.limit));
  auto s = prepare(sql, "listing tickets");
  for (size_t i = 0; i < values.size(); ++i) s.bind_text(static_cast<int>(i + 1), values[i]);
  return load_orders(s);
}

std::vector<std::pair<restaurant_id, order_id>> postgres_unit_of_work::orders_due_to_fire(timestamp now, size_t limit) {
  // Candidates from the partial index of held lines only: a restaurant's
  // whole history is never scanned. Due: a fired line whose turn came, or
  // a course waiting for its fire (no release time) past the auto-fire delay
  // (the same rules as workflow::release_due and auto_fire_due).
  auto s = prepare(
      "SELECT o.restaurant_id, o.id FROM orders o JOIN restaurants r ON r.id = o.restaurant_id"
      " WHERE o.id IN (SELECT i.order_id FROM order_items i WHERE i.held = 1 AND i.status <> 'cancelled'"
      "   AND (i.release_at <= $1 OR (i.release_at IS NULL AND r.auto_fire_minutes > 0)))"
      " AND o.status NOT IN ('completed', 'cancelled')"
      " AND (EXISTS (SELECT 1 FROM order_items d WHERE d.order_id = o.id AND d.held = 1 AND d.release_at <= $1"
      "   AND d.status <> 'cancelled')"
      "  OR (r.auto_fire_minutes > 0 AND (SELECT MAX(f.fired_at) FROM order_items f WHERE f.order_id = o.id)"
      "   <= $1::bigint - r.auto_fire_minutes * 60000))"
      " ORDER BY o.id LIMIT $2",
      "finding held courses due to fire");
  s.bind_int(1, to_unix_ms(now)).bind_int(2, static_cast<int64_t>(limit));
  std::vector<std::pair<restaurant_id, order_id>> due;
  while (s.step()) due.emplace_back(s.column_int(0), s.column_int(1));
  return due;
}

kitchen_stats postgres_unit_of_work::stats(restaurant_id r) {
  auto s = prepare(
      "SELECT COUNT(*) FILTER (WHERE k.status IN ('pending', 'acknowledged')),"
      " COUNT(*) FILTER (WHERE k.status = 'preparing'), COUNT(*) FILTER (WHERE k.status = 'ready'),"
      " COUNT(*) FROM kitchen_orders k"
      " WHERE k.restaurant_id = $1 AND " +
          std::string{kOpenTicket},
      "counting open tickets");
  s.bind_int(1, r);
  kitchen_stats result;
  if (s.step()) result = {s.column_int(0), s.column_int(1), s.column_int(2), s.column_int(3)};
  return result;
}

kitchen_throughput postgres_unit_of_work::throughput(restaurant_id r, timestamp since) {
  // kitchen_orders_by_completion (restaurant_id, completed_at) bounds the scan
  // to the window. Names sort bytewise (COLLATE "C"), as SQLite sorts them.
  // Times are Unix milliseconds.
  auto s = prepare(
      "SELECT COALESCE(k.station_id, 0), COALESCE(st.name, ''), COUNT(*), SUM(k.completed_at - k.created_at)"
      " FROM kitchen_orders k"
      " LEFT JOIN stations st ON st.restaurant_id = k.restaurant_id AND st.id = k.station_id"
      " WHERE k.restaurant_id = $1 AND k.completed_at >= $2 AND k.status = 'completed'"
      " GROUP BY 1, 2 ORDER BY COALESCE(st.name, '') COLLATE \"C\", 1",
      "measuring the kitchen's throughput");
  s.bind_int(1, r);
  s.bind_int(2, to_unix_ms(since));
  kitchen_throughput out;
  while (s.step()) {
    station_throughput st;
    st.station = s.column_int(0);
    st.name = s.column_text(1);
    st.tickets = s.column_int(2);
    st.average_prep_seconds =
        st.tickets > 0 ? static_cast<double>(s.column_int(3)) / 1000.0 / static_cast<double>(st.tickets) : 0;
    out.tickets_completed += st.tickets;
    out.stations.push_back(std::move(st));
  }
  return out;
}

std::vector<domain_event> postgres_unit_of_work::events_after(restaurant_id r, uint64_t after, size_t limit,
                                                            size_t max_bytes) {
  constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  auto s = prepare(
      "SELECT sequence, payload FROM outbox WHERE restaurant_id = $1 AND sequence > $2 ORDER BY"
      " sequence LIMIT $3",
      "reading outbox events");
  s.bind_int(1, r)
      .bind_int(2, static_cast<int64_t>(std::min(after, kMax)))
      .bind_int(3, static_cast<int64_t>(std::min<uint64_t>(limit, kMax)));
  std::vector<domain_event> events;
  size_t bytes = 0;
  while (bytes < max_bytes && s.step()) {
    const std::string payload = s.column_text(1);
    bytes += payload.size();
    auto event = decode_event(payload);
    // The row's key is the authority; the payload's copy is informative.
    event.restaurant = r;
    event.sequence = static_cast<uint64_t>(s.column_int(0));
    events.push_back(std::move(event));
  }
  return events;
}

uint64_t postgres_unit_of_work::last_sequence(restaurant_id r) {
  auto s = prepare("SELECT last_event_sequence FROM restaurants WHERE id = $1",
                       "reading the last sequence");
  s.bind_int(1, r);
  return s.step() ? static_cast<uint64_t>(s.column_int(0)) : 0;
}

}  // namespace brigade::store::postgresql
