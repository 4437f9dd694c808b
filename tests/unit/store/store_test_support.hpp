#pragma once

// Shared by the store's tests: a fresh temporary directory per test, a
// seeded restaurant, order builders and a field-by-field order comparison.

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include <gtest/gtest.h>

#include "kitchen/ports.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace brigade::store::testing {

using namespace kitchen;

/// A directory under the system's temp dir, removed with everything in it.
class temp_dir {
 public:
  temp_dir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "brigade-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline timestamp at_ms(int64_t ms) {
  return from_unix_ms(ms);
}
// 2026-01-01T00:00:00Z, and steps from it.
inline constexpr int64_t kDay0 = 1'767'225'600'000;
inline constexpr int64_t kMinute = 60'000;
inline constexpr int64_t kDayMs = 24 * 60 * kMinute;

/// One restaurant with two tables, two stations, two dishes and two staff.
struct seeded_restaurant {
  restaurant place;
  table table1;
  table table2;
  station grill;
  station bar;
  menu_category mains;
  menu_category drinks;
  menu_item burger;
  menu_item beer;
  staff waiter;
  staff chef;
};

inline seeded_restaurant seed_restaurant(kitchen_store& store, const std::string& name,
                                         const std::string& timezone = "UTC") {
  seeded_restaurant s;
  const auto outcome = store.transact([&](unit_of_work& unit) -> status {
    s.place.name = name;
    s.place.order_number_prefix = "A";
    s.place.timezone = timezone;
    s.place.currency = "EUR";
    s.place.pricing = {.discount_bps = 500, .service_charge_bps = 1000, .tax_bps = 800};
    unit.save_restaurant(s.place);
    s.table1 = {0, s.place.id, "1", 2};
    s.table2 = {0, s.place.id, "2", 4};
    unit.save_table(s.table1);
    unit.save_table(s.table2);
    s.grill = {0, s.place.id, "grill"};
    s.bar = {0, s.place.id, "bar"};
    unit.save_station(s.grill);
    unit.save_station(s.bar);
    s.mains = {0, s.place.id, "mains", 0};
    s.drinks = {0, s.place.id, "drinks", 1};
    unit.save_menu_category(s.mains);
    unit.save_menu_category(s.drinks);
    s.burger = {0, s.place.id, "Burger", 1595, "mains", s.grill.id, true};
    s.burger.category_id = s.mains.id;
    s.beer = {0, s.place.id, "Beer", 750, "drinks", s.bar.id, true};
    s.beer.category_id = s.drinks.id;
    unit.save_menu_item(s.burger);
    unit.save_menu_item(s.beer);
    s.waiter = {0, s.place.id, "Wendy " + name, "waiter-" + name, staff_role::waiter, "hash-w"};
    s.chef = {0, s.place.id, "Charlie " + name, "chef-" + name, staff_role::chef, "hash-c"};
    unit.save_staff(s.waiter);
    unit.save_staff(s.chef);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
  return s;
}

/// The seeded waiter, as the kitchen service's commands take them.
inline kitchen::actor waiter_of(const seeded_restaurant& seeded) {
  kitchen::actor waiter;
  waiter.id = seeded.waiter.id;
  waiter.restaurant = seeded.place.id;
  waiter.name = seeded.waiter.name;
  waiter.role = kitchen::staff_role::waiter;
  return waiter;
}

/// A pending order with a burger and two beers, no ticket, no cancellation.
inline order make_order(const seeded_restaurant& s, const std::string& number, int64_t created_ms,
                        table_id table = 0) {
  order o;
  o.restaurant = s.place.id;
  o.number = number;
  o.table = table != 0 ? table : s.table1.id;
  o.notes = "window seat";
  o.created_by = s.waiter.id;
  o.created_at = at_ms(created_ms);
  order_item burger;
  burger.menu_item = s.burger.id;
  burger.name = s.burger.name;
  burger.quantity = 1;
  burger.unit_price = s.burger.price;
  burger.notes = "no onions";
  burger.created_at = at_ms(created_ms);
  order_item beer;
  beer.menu_item = s.beer.id;
  beer.name = s.beer.name;
  beer.quantity = 2;
  beer.unit_price = s.beer.price;
  beer.created_at = at_ms(created_ms);
  o.items = {burger, beer};
  o.total_amount = 1595 + 2 * 750;
  o.final_amount = 3500;
  return o;
}

/// A ticket at the grill, created at `created_ms`.
inline kitchen_order make_ticket(const seeded_restaurant& s, ticket_status status,
                                 int64_t created_ms) {
  kitchen_order k;
  k.status = status;
  k.station = s.grill.id;
  k.station_name = s.grill.name;
  k.created_at = at_ms(created_ms);
  return k;
}

/// A kitchen_stats_changed event of restaurant `r`: the smallest event an
/// outbox numbers.
inline domain_event stats_event(restaurant_id r) {
  domain_event e;
  e.type = event_type::kitchen_stats_changed;
  e.restaurant = r;
  e.stats = kitchen_stats{1, 0, 0, 1};
  return e;
}

inline order save_new_order(kitchen_store& store, order o) {
  const auto outcome = store.transact([&](unit_of_work& unit) -> status {
    unit.save_order(o);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
  return o;
}

inline void expect_same_time(const std::optional<timestamp>& a, const std::optional<timestamp>& b,
                             const char* what) {
  EXPECT_EQ(a.has_value(), b.has_value()) << what;
  if (a && b) {
    EXPECT_EQ(to_unix_ms(*a), to_unix_ms(*b)) << what;
  }
}

/// Every field of the aggregate, so a column the store forgets shows up.
inline void expect_same_order(const order& a, const order& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.restaurant, b.restaurant);
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.table, b.table);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.notes, b.notes);
  EXPECT_EQ(a.total_amount, b.total_amount);
  EXPECT_EQ(a.final_amount, b.final_amount);
  EXPECT_EQ(a.created_by, b.created_by);
  expect_same_time(a.created_at, b.created_at, "created_at");
  expect_same_time(a.confirmed_at, b.confirmed_at, "confirmed_at");
  expect_same_time(a.preparing_at, b.preparing_at, "preparing_at");
  expect_same_time(a.ready_at, b.ready_at, "ready_at");
  expect_same_time(a.served_at, b.served_at, "served_at");
  expect_same_time(a.completed_at, b.completed_at, "completed_at");
  expect_same_time(a.cancelled_at, b.cancelled_at, "cancelled_at");
  ASSERT_EQ(a.items.size(), b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) {
    SCOPED_TRACE("item " + std::to_string(i));
    const auto& x = a.items[i];
    const auto& y = b.items[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.menu_item, y.menu_item);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.quantity, y.quantity);
    EXPECT_EQ(x.unit_price, y.unit_price);
    EXPECT_EQ(x.notes, y.notes);
    EXPECT_EQ(x.status, y.status);
    expect_same_time(x.created_at, y.created_at, "item created_at");
  }
  ASSERT_EQ(a.ticket.has_value(), b.ticket.has_value());
  if (a.ticket) {
    const auto& x = *a.ticket;
    const auto& y = *b.ticket;
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.priority, y.priority);
    EXPECT_EQ(x.station, y.station);
    EXPECT_EQ(x.station_name, y.station_name);
    EXPECT_EQ(x.chef, y.chef);
    EXPECT_EQ(x.chef_name, y.chef_name);
    EXPECT_EQ(x.changed, y.changed);
    expect_same_time(x.created_at, y.created_at, "ticket created_at");
    expect_same_time(x.acknowledged_at, y.acknowledged_at, "ticket acknowledged_at");
    expect_same_time(x.started_at, y.started_at, "ticket started_at");
    expect_same_time(x.ready_at, y.ready_at, "ticket ready_at");
    expect_same_time(x.completed_at, y.completed_at, "ticket completed_at");
    expect_same_time(x.cancelled_at, y.cancelled_at, "ticket cancelled_at");
  }
  ASSERT_EQ(a.cancellation.has_value(), b.cancellation.has_value());
  if (a.cancellation) {
    const auto& x = *a.cancellation;
    const auto& y = *b.cancellation;
    EXPECT_EQ(x.reason, y.reason);
    EXPECT_EQ(x.requested_by, y.requested_by);
    expect_same_time(x.requested_at, y.requested_at, "requested_at");
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.rejection_reason, y.rejection_reason);
    expect_same_time(x.decided_at, y.decided_at, "decided_at");
  }
}

/// Reads one value out of a store in a read transaction.
template <typename F>
auto read_value(kitchen_store& store, F f) {
  std::optional<decltype(f(std::declval<kitchen_reader&>()))> value;
  store.read([&](kitchen_reader& reader) { value.emplace(f(reader)); });
  return std::move(*value);
}

}  // namespace brigade::store::testing
