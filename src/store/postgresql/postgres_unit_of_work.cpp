// The write half of postgres_unit_of_work (the reads are in postgres_reads.cpp).
#include "store/postgresql/postgres_unit_of_work.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kitchen/order_number.hpp"
#include "store/event_json.hpp"
#include "store/line_details_json.hpp"
#include "store/row_readers.hpp"
#include "store/postgresql/outbox_listener.hpp"
#include "store/postgresql/pg_values.hpp"

namespace brigade::store::postgresql {

using namespace kitchen;
using namespace store::rows;

void expect_one_row(const pg_statement& s, std::string_view what, int64_t id) {
  if (s.changes() != 1) throw store_failure(fmt::format("saving {} {}: no such row", what, id));
}

int32_t postgres_unit_of_work::business_day_of(const order& o) {
  auto s = prepare("SELECT timezone FROM restaurants WHERE id = $1", "reading the restaurant's time zone");
  s.bind_int(1, o.restaurant);
  if (!s.step())
    throw store_failure(fmt::format("saving an order: restaurant {} does not exist", o.restaurant));
  return business_day(o.created_at, s.column_text(0));
}


void postgres_unit_of_work::remember_rows(const order& o) {
  if (writer_) rows_.insert_or_assign(o.id, o);
}

void postgres_unit_of_work::save_order(order& o) {
  const bool is_new = o.id == 0;
  const auto known = is_new ? rows_.end() : rows_.find(o.id);
  const order* before = known == rows_.end() ? nullptr : &known->second;
  if (is_new) {
    insert_order(o);
  } else if (before == nullptr || !same_order_row(*before, o)) {
    update_order(o);
  }
  save_items(o, is_new, before);
  if (before == nullptr || before->ticket != o.ticket) save_ticket(o, is_new);
  if (before == nullptr || before->cancellation != o.cancellation) save_cancellation(o, is_new);
  if (!is_new) remember_rows(o);
}

void postgres_unit_of_work::insert_order(order& o) {
  const int32_t day = business_day_of(o);
  auto s = prepare(
      "INSERT INTO orders (restaurant_id, business_day, number, table_id, status, notes,"
      " total_amount, final_amount, created_by, created_at, confirmed_at, preparing_at, ready_at,"
      " served_at, completed_at, cancelled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
      " $15, $16) RETURNING id",
      "inserting an order");
  s.bind_int(1, o.restaurant).bind_int(2, day).bind_text(3, o.number);
  bind_ref(s, 4, o.table);
  s.bind_text(5, to_string(o.status))
      .bind_text(6, o.notes)
      .bind_int(7, o.total_amount)
      .bind_int(8, o.final_amount);
  bind_ref(s, 9, o.created_by);
  bind_time(s, 10, o.created_at);
  bind_time(s, 11, o.confirmed_at);
  bind_time(s, 12, o.preparing_at);
  bind_time(s, 13, o.ready_at);
  bind_time(s, 14, o.served_at);
  bind_time(s, 15, o.completed_at);
  bind_time(s, 16, o.cancelled_at);
  o.id = s.insert_returning_id();
}

void postgres_unit_of_work::update_order(const order& o) {
  // restaurant_id and business_day never change: they scope the number.
  // Every column set here is compared by same_order_row above.
  auto s = prepare(
      "UPDATE orders SET number = $1, table_id = $2, status = $3, notes = $4, total_amount = $5,"
      " final_amount = $6, created_by = $7, created_at = $8, confirmed_at = $9, preparing_at = $10,"
      " ready_at = $11, served_at = $12, completed_at = $13, cancelled_at = $14 WHERE id = $15 AND"
      " restaurant_id = $16",
      "updating an order");
  s.bind_text(1, o.number);
  bind_ref(s, 2, o.table);
  s.bind_text(3, to_string(o.status))
      .bind_text(4, o.notes)
      .bind_int(5, o.total_amount)
      .bind_int(6, o.final_amount);
  bind_ref(s, 7, o.created_by);
  bind_time(s, 8, o.created_at);
  bind_time(s, 9, o.confirmed_at);
  bind_time(s, 10, o.preparing_at);
  bind_time(s, 11, o.ready_at);
  bind_time(s, 12, o.served_at);
  bind_time(s, 13, o.completed_at);
  bind_time(s, 14, o.cancelled_at);
  s.bind_int(15, o.id).bind_int(16, o.restaurant);
  s.run();
  expect_one_row(s, "order", o.id);
}

namespace {

std::string line_insert_sql() {
  std::string columns = "order_id";
  std::string values = "$1";
  int n = 1;
  for (std::string_view c : kLineColumns) {
    columns += fmt::format(", {}", c);
    values += fmt::format(", ${}", ++n);
  }
  return fmt::format("INSERT INTO order_items ({}) VALUES ({}) RETURNING id", columns, values);
}

std::string line_update_sql() {
  std::string sets;
  int n = 0;
  for (std::string_view c : kLineColumns) sets += fmt::format("{}{} = ${}", sets.empty() ? "" : ", ", c, ++n);
  return fmt::format("UPDATE order_items SET {} WHERE id = ${} AND order_id = ${}", sets, n + 1, n + 2);
}

}  // namespace

void postgres_unit_of_work::save_items(order& o, bool is_new, const order* before) {
  static const std::string insert_sql = line_insert_sql();
  static const std::string update_sql = line_update_sql();
  const auto as_loaded = [before](order_item_id id) -> const order_item* {
    if (before == nullptr) return nullptr;
    const auto it = std::find_if(before->items.begin(), before->items.end(),
                                 [id](const order_item& line) { return line.id == id; });
    return it == before->items.end() ? nullptr : &*it;
  };
  std::string kept = "{";
  size_t kept_known = 0;  // lines of `before` still held
  for (auto& item : o.items) {
    const order_item* was = item.id == 0 ? nullptr : as_loaded(item.id);
    if (was != nullptr) ++kept_known;
    if (was != nullptr && *was == item) {
      // Unchanged: its row already says so.
    } else if (item.id == 0) {
      auto s = prepare(insert_sql, "inserting an order item");
      s.bind_int(1, o.id);
      bind_line(s, 2, item);
      item.id = s.insert_returning_id();
    } else {
      auto s = prepare(update_sql, "updating an order item");
      const int next = bind_line(s, 1, item);
      s.bind_int(next, item.id).bind_int(next + 1, o.id);
      s.run();
      expect_one_row(s, "order item", item.id);
    }
    if (kept.size() > 1) kept += ',';
    kept += std::to_string(item.id);
  }
  kept += '}';
  if (is_new) return;
  if (before != nullptr && kept_known == before->items.size()) return;  // no line removed
  // The aggregate is the truth: a line it no longer holds goes. (The domain
  // cancels lines rather than removing them; this keeps save exact anyway.)
  prepare(
         "DELETE FROM order_items WHERE order_id = $1 AND id <> ALL ($2::bigint[])",
         "removing order items")
      .bind_int(1, o.id)
      .bind_text(2, kept)
      .run();
}

void postgres_unit_of_work::save_ticket(order& o, bool is_new) {
  if (!o.ticket) {
    if (!is_new) {
      prepare("DELETE FROM kitchen_orders WHERE order_id = $1", "removing a ticket")
          .bind_int(1, o.id)
          .run();
    }
    return;
  }
  kitchen_order& k = *o.ticket;
  const bool insert = k.id == 0;
  auto s = prepare(
      insert
          ? "INSERT INTO kitchen_orders (status, priority, station_id, chef_id, changed,"
            " created_at, acknowledged_at, started_at, ready_at, completed_at, cancelled_at,"
            " order_id, restaurant_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"
          : "UPDATE kitchen_orders SET status = $1, priority = $2, station_id = $3, chef_id = $4,"
            " changed = $5, created_at = $6, acknowledged_at = $7, started_at = $8, ready_at = $9,"
            " completed_at = $10, cancelled_at = $11 WHERE order_id = $12 AND restaurant_id = $13 AND id ="
            " $14",
      insert ? "inserting a ticket" : "updating a ticket");
  s.bind_text(1, to_string(k.status)).bind_text(2, to_string(k.priority));
  bind_ref(s, 3, k.station);
  bind_ref(s, 4, k.chef);
  s.bind_int(5, k.changed ? 1 : 0);
  bind_time(s, 6, k.created_at);
  bind_time(s, 7, k.acknowledged_at);
  bind_time(s, 8, k.started_at);
  bind_time(s, 9, k.ready_at);
  bind_time(s, 10, k.completed_at);
  bind_time(s, 11, k.cancelled_at);
  s.bind_int(12, o.id).bind_int(13, o.restaurant);
  if (!insert) s.bind_int(14, k.id);
  s.run();
  if (insert) {
    k.id = s.insert_returning_id();
  } else {
    expect_one_row(s, "ticket", k.id);
  }
}

void postgres_unit_of_work::save_cancellation(const order& o, bool is_new) {
  if (!o.cancellation) {
    if (!is_new) {
      prepare("DELETE FROM cancel_requests WHERE order_id = $1",
                  "removing a cancellation request")
          .bind_int(1, o.id)
          .run();
    }
    return;
  }
  const cancel_request& c = *o.cancellation;
  auto s = prepare(
      "INSERT INTO cancel_requests (order_id, reason, requested_by, requested_at, status,"
      " rejection_reason, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id) DO"
      " UPDATE SET reason = excluded.reason, requested_by = excluded.requested_by, requested_at ="
      " excluded.requested_at, status = excluded.status, rejection_reason ="
      " excluded.rejection_reason, decided_at = excluded.decided_at",
      "saving a cancellation request");
  s.bind_int(1, o.id).bind_text(2, c.reason);
  bind_ref(s, 3, c.requested_by);
  bind_time(s, 4, c.requested_at);
  s.bind_text(5, to_string(c.status)).bind_text(6, c.rejection_reason);
  bind_time(s, 7, c.decided_at);
  s.run();
}

int64_t postgres_unit_of_work::next_order_number(restaurant_id r, int32_t business_day) {
  auto s = prepare(
      "INSERT INTO order_counters (restaurant_id, business_day, last) VALUES ($1, $2, 1) ON CONFLICT"
      " (restaurant_id, business_day) DO UPDATE SET last = order_counters.last + 1 RETURNING last",
      "taking the next order number");
  s.bind_int(1, r).bind_int(2, business_day);
  if (!s.step()) throw store_failure("taking the next order number: no row returned");
  const int64_t number = s.column_int(0);
  s.run();  // finish the statement so the write is complete
  return number;
}

std::optional<idempotent_request> postgres_unit_of_work::find_idempotency_key(restaurant_id r,
                                                                              std::string_view key) {
  // Racing retries of one key on two nodes: the second waits here until the
  // first's transaction ends, then (READ COMMITTED: each statement sees the
  // latest commits) finds the key the first remembered, so the key gives
  // one order. Per (restaurant, key), so other keys never wait; a hash
  // collision only makes two keys wait for each other.
  prepare("SELECT pg_advisory_xact_lock(hashtextextended($2, $1))", "locking an idempotency key")
      .bind_int(1, r)
      .bind_text(2, key)
      .run();
  auto s = prepare(
      "SELECT fingerprint, order_id FROM idempotency_keys WHERE restaurant_id = $1 AND key = $2",
      "finding an idempotency key");
  s.bind_int(1, r).bind_text(2, key);
  if (!s.step()) return std::nullopt;
  return idempotent_request{s.column_text(0), s.column_int(1)};
}

void postgres_unit_of_work::remember_idempotency_key(restaurant_id r, std::string_view key,
                                                   std::string_view fingerprint, order_id id) {
  // The first use of a key wins: it is what a retry must get back.
  prepare(
         "INSERT INTO idempotency_keys (restaurant_id, key, fingerprint, order_id, created_at)"
         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (restaurant_id, key) DO NOTHING",
         "remembering an idempotency key")
      .bind_int(1, r)
      .bind_text(2, key)
      .bind_text(3, fingerprint)
      .bind_int(4, id)
      .bind_int(5, to_unix_ms(now_utc()))
      .run();
}

void postgres_unit_of_work::append_events(std::vector<domain_event>& events) {
  // Raising the counter inside this transaction is what makes sequences
  // gapless: a rollback undoes the raise with everything else, and the
  // UPDATE's row lock, held to the commit, makes every other writer of the
  // restaurant (on any node) wait and then raise from the committed value,
  // so no two transactions ever hold the same number. One raise per run of
  // a restaurant's events, not one per event.
  for (size_t first = 0; first < events.size();) {
    const restaurant_id restaurant = events[first].restaurant;
    size_t end = first + 1;
    while (end < events.size() && events[end].restaurant == restaurant) ++end;
    const auto count = static_cast<int64_t>(end - first);
    auto bump = prepare(
        "UPDATE restaurants SET last_event_sequence = last_event_sequence + $1 WHERE id = $2"
        " RETURNING last_event_sequence",
        "numbering events");
    bump.bind_int(1, count).bind_int(2, restaurant);
    if (!bump.step()) {
      throw store_failure(fmt::format("appending an event: restaurant {} does not exist", restaurant));
    }
    const int64_t last = bump.column_int(0);
    bump.run();
    for (size_t i = first; i < end; ++i) {
      events[i].sequence = static_cast<uint64_t>(last - count + 1 + static_cast<int64_t>(i - first));
    }
    // The other nodes hear of it when this transaction commits (never
    // before, never if it rolls back): PostgreSQL sends NOTIFY at COMMIT.
    auto notify = prepare("SELECT pg_notify($1, $2)", "announcing events to the other nodes");
    notify.bind_text(1, kOutboxChannel).bind_text(2, fmt::format("{}:{}:{}", node_, restaurant, last));
    notify.run();
    first = end;
  }

  for (auto& event : events) {
    auto s = prepare(
        "INSERT INTO outbox (restaurant_id, sequence, type, order_id, occurred_at, payload) VALUES"
        " ($1, $2, $3, $4, $5, $6)",
        "appending an event");
    s.bind_int(1, event.restaurant).bind_int(2, static_cast<int64_t>(event.sequence));
    s.bind_text(3, to_string(event.type));
    s.bind_optional_int(4, event.order ? std::optional<int64_t>{event.order->id} : std::nullopt);
    bind_time(s, 5, event.occurred_at);
    s.bind_text(6, encode_event(event));
    s.run();
  }
}

void postgres_unit_of_work::save_restaurant(restaurant& r) {
  const bool insert = r.id == 0;
  auto s = prepare(
      insert ? "INSERT INTO restaurants (name, order_number_prefix, timezone, currency,"
               " send_to_kitchen_on_create, discount_bps, service_charge_bps, tax_bps, auto_fire_minutes,"
               " ticket_target_minutes, fire_by_prep_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
             : "UPDATE restaurants SET name = $1, order_number_prefix = $2, timezone = $3, currency = $4,"
               " send_to_kitchen_on_create = $5, discount_bps = $6, service_charge_bps = $7, tax_bps"
               " = $8, auto_fire_minutes = $9, ticket_target_minutes = $10, fire_by_prep_time = $11 WHERE id = $12",
      "saving a restaurant");
  s.bind_text(1, r.name).bind_text(2, r.order_number_prefix).bind_text(3, r.timezone).bind_text(4, r.currency);
  s.bind_int(5, r.send_to_kitchen_on_create ? 1 : 0).bind_int(6, r.pricing.discount_bps);
  s.bind_int(7, r.pricing.service_charge_bps).bind_int(8, r.pricing.tax_bps);
  s.bind_int(9, r.auto_fire_minutes).bind_int(10, r.ticket_target_minutes).bind_int(11, r.fire_by_prep_time ? 1 : 0);
  if (!insert) s.bind_int(12, r.id);
  s.run();
  if (insert) {
    r.id = s.insert_returning_id();
  } else {
    expect_one_row(s, "restaurant", r.id);
  }
}

void postgres_unit_of_work::save_table(table& t) {
  const bool insert = t.id == 0;
  auto s = prepare(
      insert ? "INSERT INTO tables (name, seats, area, restaurant_id) VALUES ($1, $2, $3, $4) RETURNING id"
             : "UPDATE tables SET name = $1, seats = $2, area = $3 WHERE restaurant_id = $4 AND id = $5",
      "saving a table");
  s.bind_text(1, t.name).bind_int(2, t.seats).bind_text(3, t.area).bind_int(4, t.restaurant);
  if (!insert) s.bind_int(5, t.id);
  s.run();
  if (insert) {
    t.id = s.insert_returning_id();
  } else {
    expect_one_row(s, "table", t.id);
  }
}

void postgres_unit_of_work::save_station(station& st) {
  const bool insert = st.id == 0;
  auto s = prepare(insert ? "INSERT INTO stations (name, colour, restaurant_id) VALUES ($1, $2, $3) RETURNING id"
                              : "UPDATE stations SET name = $1, colour = $2 WHERE restaurant_id = $3 AND id = $4",
                       "saving a station");
  s.bind_text(1, st.name).bind_text(2, st.colour).bind_int(3, st.restaurant);
  if (!insert) s.bind_int(4, st.id);
  s.run();
  if (insert) {
    st.id = s.insert_returning_id();
  } else {
    expect_one_row(s, "station", st.id);
  }
}

void postgres_unit_of_work::save_staff(staff& member) {
  const bool insert = member.id == 0;
  auto s = prepare(insert ? "INSERT INTO staff (name, username, role, password_hash, must_change_password,"
                                " active, token_generation, restaurant_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
                              : "UPDATE staff SET name = $1, username = $2, role = $3, password_hash = $4,"
                                " must_change_password = $5, active = $6, token_generation = $7"
                                " WHERE restaurant_id = $8 AND id = $9",
                       "saving a staff member");
  s.bind_text(1, member.name).bind_text(2, member.username).bind_text(3, to_string(member.role));
  s.bind_text(4, member.password_hash).bind_int(5, member.must_change_password ? 1 : 0);
  s.bind_int(6, member.active ? 1 : 0).bind_int(7, member.token_generation).bind_int(8, member.restaurant);
  if (!insert) s.bind_int(9, member.id);
  s.run();
  if (insert) {
    member.id = s.insert_returning_id();
  } else {
    expect_one_row(s, "staff member", member.id);
  }
}

void postgres_unit_of_work::save_device(device& d) {
  auto s = prepare(
      "INSERT INTO devices (restaurant_id, role, table_id, name, created_by, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      "registering a device");
  s.bind_int(1, d.restaurant).bind_text(2, to_string(d.role));
  bind_ref(s, 3, d.table);
  s.bind_text(4, d.name);
  bind_ref(s, 5, d.created_by);
  s.bind_int(6, to_unix_ms(d.created_at));
  d.id = s.insert_returning_id();
}

}  // namespace brigade::store::postgresql
