// What every kitchen store must do, run against each backend
// (store_backends.hpp): saving and reading the order aggregate, rollbacks,
// the outbox's numbering, idempotency keys, order numbers, reference data
// and the walls between restaurants. "After reopening" means a new process
// for a store that persists, and nothing for the in-memory one.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store_backends.hpp"
#include "store_test_support.hpp"

namespace brigade::store::testing {
namespace {

using namespace kitchen;

template <typename Backend>
class store_contract_test : public ::testing::Test {
 protected:
  void SetUp() override { store_ = backend_.open(); }
  void open() { backend_.reopen(store_); }

  Backend backend_;
  std::unique_ptr<kitchen_store> store_;
};

TYPED_TEST_SUITE(store_contract_test, store_backends, backend_name);

// An order with everything set: served items and a cancelled one, a ticket
// with station, chef and some optional times, a rejected cancellation.
order rich_order(const seeded_restaurant& s) {
  order o = make_order(s, "A-0001", kDay0 + 10 * kMinute, s.table2.id);
  o.status = order_status::ready;
  o.confirmed_at = at_ms(kDay0 + 11 * kMinute);
  o.preparing_at = at_ms(kDay0 + 12 * kMinute);
  o.ready_at = at_ms(kDay0 + 20 * kMinute);
  o.items[0].status = item_status::ready;
  o.items[1].status = item_status::cancelled;
  kitchen_order k = make_ticket(s, ticket_status::ready, kDay0 + 11 * kMinute);
  k.priority = ticket_priority::express;
  k.chef = s.chef.id;
  k.chef_name = s.chef.name;
  k.changed = true;
  k.acknowledged_at = at_ms(kDay0 + 11 * kMinute + 1);
  k.started_at = at_ms(kDay0 + 12 * kMinute);
  k.ready_at = at_ms(kDay0 + 20 * kMinute);
  o.ticket = k;
  cancel_request c;
  c.reason = "guest in a hurry";
  c.requested_by = s.waiter.id;
  c.requested_at = at_ms(kDay0 + 13 * kMinute);
  c.status = cancel_request_status::rejected;
  c.rejection_reason = "already on the grill";
  c.decided_at = at_ms(kDay0 + 14 * kMinute);
  o.cancellation = c;
  return o;
}

domain_event event_for(const order& o, event_type type) {
  domain_event e;
  e.type = type;
  e.restaurant = o.restaurant;
  e.occurred_at = at_ms(kDay0 + 5);
  e.actor = o.created_by;
  e.order = o;
  return e;
}

domain_event stats_event_with(restaurant_id r, kitchen_stats stats) {
  domain_event e;
  e.type = event_type::kitchen_stats_changed;
  e.restaurant = r;
  e.occurred_at = at_ms(kDay0 + 7);
  e.stats = stats;
  return e;
}

TYPED_TEST(store_contract_test, saves_the_whole_aggregate_and_reads_it_back_after_reopening) {
  const auto s = seed_restaurant(*this->store_, "north");
  const order saved = save_new_order(*this->store_, rich_order(s));
  EXPECT_NE(saved.id, 0);
  EXPECT_NE(saved.items[0].id, 0);
  EXPECT_NE(saved.items[1].id, saved.items[0].id);
  ASSERT_TRUE(saved.ticket.has_value());
  EXPECT_NE(saved.ticket->id, 0);

  this->open();  // a new process would see the same
  const auto loaded =
      read_value(*this->store_, [&](kitchen_reader& r) { return r.find_order(s.place.id, saved.id); });
  ASSERT_TRUE(loaded.has_value());
  expect_same_order(*loaded, saved);
  const auto by_ticket = read_value(*this->store_, [&](kitchen_reader& r) {
    return r.find_order_by_ticket(s.place.id, saved.ticket->id);
  });
  ASSERT_TRUE(by_ticket.has_value());
  expect_same_order(*by_ticket, saved);
}

TYPED_TEST(store_contract_test, saves_an_order_without_ticket_or_cancellation) {
  const auto s = seed_restaurant(*this->store_, "north");
  const order saved = save_new_order(*this->store_, make_order(s, "A-0001", kDay0));
  const auto loaded =
      read_value(*this->store_, [&](kitchen_reader& r) { return r.find_order(s.place.id, saved.id); });
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->ticket.has_value());
  EXPECT_FALSE(loaded->cancellation.has_value());
  EXPECT_FALSE(loaded->confirmed_at.has_value());
  expect_same_order(*loaded, saved);
}

TYPED_TEST(store_contract_test, updates_an_aggregate_in_place) {
  const auto s = seed_restaurant(*this->store_, "north");
  order o = save_new_order(*this->store_, make_order(s, "A-0001", kDay0));
  const auto first_item = o.items[0].id;

  // Confirm with a ticket and an open cancellation request, add a line.
  o.status = order_status::confirmed;
  o.confirmed_at = at_ms(kDay0 + kMinute);
  o.ticket = make_ticket(s, ticket_status::pending, kDay0 + kMinute);
  o.cancellation = cancel_request{
      "changed mind", s.waiter.id, at_ms(kDay0 + 2 * kMinute), cancel_request_status::open, "",
      std::nullopt};
  o.items[0].status = item_status::preparing;
  order_item extra = o.items[1];
  extra.id = 0;
  extra.quantity = 5;
  o.items.push_back(extra);
  o = save_new_order(*this->store_, o);
  ASSERT_NE(o.items[2].id, 0);
  EXPECT_EQ(o.items[0].id, first_item);
  ASSERT_NE(o.ticket->id, 0);

  const auto after =
      read_value(*this->store_, [&](kitchen_reader& r) { return r.find_order(s.place.id, o.id); });
  ASSERT_TRUE(after.has_value());
  expect_same_order(*after, o);

  // Move the ticket to another station, decide the request.
  o.ticket->station = s.bar.id;
  o.ticket->station_name = s.bar.name;
  o.ticket->status = ticket_status::acknowledged;
  o.ticket->chef = s.chef.id;
  o.ticket->chef_name = s.chef.name;
  o.ticket->acknowledged_at = at_ms(kDay0 + 3 * kMinute);
  o.cancellation->status = cancel_request_status::rejected;
  o.cancellation->rejection_reason = "too late";
  o.cancellation->decided_at = at_ms(kDay0 + 4 * kMinute);
  const auto ticket_id = o.ticket->id;
  o = save_new_order(*this->store_, o);
  EXPECT_EQ(o.ticket->id, ticket_id);
  this->open();
  const auto last =
      read_value(*this->store_, [&](kitchen_reader& r) { return r.find_order(s.place.id, o.id); });
  ASSERT_TRUE(last.has_value());
  expect_same_order(*last, o);
}

TYPED_TEST(store_contract_test, what_the_aggregate_drops_is_deleted) {
  const auto s = seed_restaurant(*this->store_, "north");
  order o = save_new_order(*this->store_, rich_order(s));
  o.items.erase(o.items.begin());
  o.ticket.reset();
  o.cancellation.reset();
  o = save_new_order(*this->store_, o);
  const auto loaded =
      read_value(*this->store_, [&](kitchen_reader& r) { return r.find_order(s.place.id, o.id); });
  ASSERT_TRUE(loaded.has_value());
  expect_same_order(*loaded, o);
  EXPECT_EQ(loaded->items.size(), 1u);
  EXPECT_TRUE(read_value(*this->store_, [&](kitchen_reader& r) {
                return r.list_tickets(s.place.id, {});
              }).empty());
}

TYPED_TEST(store_contract_test, an_update_with_an_unknown_id_fails_instead_of_doing_nothing) {
  const auto s = seed_restaurant(*this->store_, "north");
  order o = save_new_order(*this->store_, make_order(s, "A-0001", kDay0));
  order ghost = o;
  ghost.id = o.id + 100;
  EXPECT_THROW(save_new_order(*this->store_, ghost), store_failure);
  order bad_item = o;
  bad_item.items[0].id = 9999;
  EXPECT_THROW(save_new_order(*this->store_, bad_item), store_failure);
}

TYPED_TEST(store_contract_test, an_error_status_rolls_everything_back) {
  const auto s = seed_restaurant(*this->store_, "north");
  bool announced = false;
  const auto outcome = this->store_->transact(
      [&](unit_of_work& unit) -> status {
        EXPECT_EQ(unit.next_order_number(s.place.id, 20454), 1);
        order o = make_order(s, "A-0001", kDay0);
        unit.save_order(o);
        unit.remember_idempotency_key(s.place.id, "key-1", "fp", o.id);
        std::vector<domain_event> events{event_for(o, event_type::order_created)};
        unit.append_events(events);
        EXPECT_EQ(events[0].sequence, 1u);
        return make_error("conflict", "refused after all");
      },
      [&] { announced = true; });
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, "conflict");
  EXPECT_FALSE(announced);

  this->store_->read([&](kitchen_reader& r) {
    EXPECT_TRUE(r.list_orders(s.place.id, {}).orders.empty());
    EXPECT_TRUE(r.events_after(s.place.id, 0, 100, kitchen::kNoByteLimit).empty());
    EXPECT_EQ(r.last_sequence(s.place.id), 0u);
  });
  // Neither the sequence nor the order number was consumed.
  const auto again = this->store_->transact([&](unit_of_work& unit) -> status {
    EXPECT_FALSE(unit.find_idempotency_key(s.place.id, "key-1").has_value());
    EXPECT_EQ(unit.next_order_number(s.place.id, 20454), 1);
    std::vector<domain_event> events{stats_event_with(s.place.id, {})};
    unit.append_events(events);
    EXPECT_EQ(events[0].sequence, 1u);
    return ok_v;
  });
  EXPECT_TRUE(again.ok());
}

TYPED_TEST(store_contract_test, an_exception_rolls_everything_back_and_propagates) {
  const auto s = seed_restaurant(*this->store_, "north");
  bool announced = false;
  EXPECT_THROW((void)this->store_->transact(
                   [&](unit_of_work& unit) -> status {
                     order o = make_order(s, "A-0001", kDay0);
                     unit.save_order(o);
                     std::vector<domain_event> events{event_for(o, event_type::order_created)};
                     unit.append_events(events);
                     throw std::runtime_error("boom");
                   },
                   [&] { announced = true; }),
               std::runtime_error);
  EXPECT_FALSE(announced);
  this->store_->read([&](kitchen_reader& r) {
    EXPECT_TRUE(r.list_orders(s.place.id, {}).orders.empty());
    EXPECT_TRUE(r.events_after(s.place.id, 0, 100, kitchen::kNoByteLimit).empty());
    EXPECT_EQ(r.last_sequence(s.place.id), 0u);
  });
  // The writer is usable again, and numbering starts at 1.
  const auto outcome = this->store_->transact([&](unit_of_work& unit) -> status {
    std::vector<domain_event> events{stats_event_with(s.place.id, {})};
    unit.append_events(events);
    EXPECT_EQ(events[0].sequence, 1u);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
}

TYPED_TEST(store_contract_test, a_store_failure_inside_the_work_rolls_back_too) {
  const auto s = seed_restaurant(*this->store_, "north");
  EXPECT_THROW((void)this->store_->transact([&](unit_of_work& unit) -> status {
    order o = make_order(s, "A-0001", kDay0);
    unit.save_order(o);
    order dangling = make_order(s, "A-0002", kDay0, /*table=*/987654);
    unit.save_order(dangling);  // foreign key: no such table
    return ok_v;
  }),
               store_failure);
  EXPECT_TRUE(read_value(*this->store_, [&](kitchen_reader& r) {
                return r.list_orders(s.place.id, {});
              }).orders.empty());
}

TYPED_TEST(store_contract_test, after_commit_sees_the_committed_state) {
  const auto s = seed_restaurant(*this->store_, "north");
  order o = make_order(s, "A-0001", kDay0);
  size_t seen = 0;
  const auto outcome = this->store_->transact(
      [&](unit_of_work& unit) -> status {
        unit.save_order(o);
        return ok_v;
      },
      [&] {
        // A reader on another connection already sees the commit.
        this->store_->read(
            [&](kitchen_reader& r) { seen = r.list_orders(s.place.id, {}).orders.size(); });
      });
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(seen, 1u);
}

TYPED_TEST(store_contract_test, numbers_the_outbox_per_restaurant_and_replays_it) {
  const auto north = seed_restaurant(*this->store_, "north");
  const auto south = seed_restaurant(*this->store_, "south");
  const order n1 = save_new_order(*this->store_, rich_order(north));
  const order s1 = save_new_order(*this->store_, make_order(south, "A-0001", kDay0));

  const auto append = [&](std::vector<domain_event> events) {
    const auto outcome = this->store_->transact([&](unit_of_work& unit) -> status {
      unit.append_events(events);
      return ok_v;
    });
    EXPECT_TRUE(outcome.ok());
    return events;
  };
  auto first = append(
      {event_for(n1, event_type::order_created), event_for(n1, event_type::order_confirmed)});
  EXPECT_EQ(first[0].sequence, 1u);
  EXPECT_EQ(first[1].sequence, 2u);
  auto other = append({event_for(s1, event_type::order_created)});
  EXPECT_EQ(other[0].sequence, 1u);
  domain_event added = event_for(n1, event_type::order_items_added);
  added.added_items = {n1.items[0].id, n1.items[1].id};
  domain_event cancelled = event_for(n1, event_type::order_cancel_requested);
  cancelled.reason = "guest left";
  domain_event item = event_for(n1, event_type::order_item_status_changed);
  item.item = n1.items[1].id;
  auto mixed = append({added, stats_event_with(north.place.id, {1, 2, 3, 6}),
                       event_for(s1, event_type::order_confirmed), cancelled, item});
  EXPECT_EQ(mixed[0].sequence, 3u);
  EXPECT_EQ(mixed[1].sequence, 4u);
  EXPECT_EQ(mixed[2].sequence, 2u);
  EXPECT_EQ(mixed[3].sequence, 5u);
  EXPECT_EQ(mixed[4].sequence, 6u);

  this->open();
  this->store_->read([&](kitchen_reader& r) {
    EXPECT_EQ(r.last_sequence(north.place.id), 6u);
    EXPECT_EQ(r.last_sequence(south.place.id), 2u);
    EXPECT_EQ(r.last_sequence(999), 0u);

    const auto all = r.events_after(north.place.id, 0, 100, kitchen::kNoByteLimit);
    ASSERT_EQ(all.size(), 6u);
    for (size_t i = 0; i < all.size(); ++i) {
      EXPECT_EQ(all[i].sequence, i + 1);
      EXPECT_EQ(all[i].restaurant, north.place.id);
    }
    EXPECT_EQ(all[0].type, event_type::order_created);
    ASSERT_TRUE(all[0].order.has_value());
    expect_same_order(*all[0].order, n1);
    EXPECT_EQ(all[0].actor, n1.created_by);
    EXPECT_EQ(to_unix_ms(all[0].occurred_at), kDay0 + 5);
    EXPECT_EQ(all[2].type, event_type::order_items_added);
    EXPECT_EQ(all[2].added_items, added.added_items);
    EXPECT_EQ(all[3].type, event_type::kitchen_stats_changed);
    EXPECT_FALSE(all[3].order.has_value());
    ASSERT_TRUE(all[3].stats.has_value());
    EXPECT_EQ(*all[3].stats, (kitchen_stats{1, 2, 3, 6}));
    EXPECT_EQ(all[4].reason, "guest left");
    EXPECT_EQ(all[5].item, n1.items[1].id);

    const auto after_two = r.events_after(north.place.id, 2, 2, kitchen::kNoByteLimit);
    ASSERT_EQ(after_two.size(), 2u);
    EXPECT_EQ(after_two[0].sequence, 3u);
    EXPECT_EQ(after_two[1].sequence, 4u);
    EXPECT_TRUE(r.events_after(north.place.id, 6, 10, kitchen::kNoByteLimit).empty());
    EXPECT_TRUE(r.events_after(north.place.id, 0, 0, kitchen::kNoByteLimit).empty());

    const auto south_events = r.events_after(south.place.id, 0, 100, kitchen::kNoByteLimit);
    ASSERT_EQ(south_events.size(), 2u);
    EXPECT_EQ(south_events[1].type, event_type::order_confirmed);
    ASSERT_TRUE(south_events[1].order.has_value());
    EXPECT_EQ(south_events[1].order->id, s1.id);
  });
}

TYPED_TEST(store_contract_test, appending_for_an_unknown_restaurant_fails) {
  const auto append = [&] {
    return this->store_->transact([&](unit_of_work& unit) -> status {
      std::vector<domain_event> events{stats_event_with(404, {})};
      unit.append_events(events);
      return ok_v;
    });
  };
  EXPECT_THROW((void)append(), store_failure);
}

TYPED_TEST(store_contract_test, idempotency_keys_are_scoped_per_restaurant) {
  const auto north = seed_restaurant(*this->store_, "north");
  const auto south = seed_restaurant(*this->store_, "south");
  const order n1 = save_new_order(*this->store_, make_order(north, "A-0001", kDay0));
  const order n2 = save_new_order(*this->store_, make_order(north, "A-0002", kDay0));
  const order s1 = save_new_order(*this->store_, make_order(south, "A-0001", kDay0));
  const auto outcome = this->store_->transact([&](unit_of_work& unit) -> status {
    EXPECT_FALSE(unit.find_idempotency_key(north.place.id, "k").has_value());
    unit.remember_idempotency_key(north.place.id, "k", "fp-north", n1.id);
    // The same key in another restaurant is another key.
    EXPECT_FALSE(unit.find_idempotency_key(south.place.id, "k").has_value());
    unit.remember_idempotency_key(south.place.id, "k", "fp-south", s1.id);
    // The first use of a key is what it keeps.
    unit.remember_idempotency_key(north.place.id, "k", "fp-other", n2.id);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
  this->open();
  const auto check = this->store_->transact([&](unit_of_work& unit) -> status {
    const auto n = unit.find_idempotency_key(north.place.id, "k");
    const auto s = unit.find_idempotency_key(south.place.id, "k");
    if (!n || !s) return make_error("missing", "a key was lost");
    EXPECT_EQ(n->fingerprint, "fp-north");
    EXPECT_EQ(n->order, n1.id);
    EXPECT_EQ(s->fingerprint, "fp-south");
    EXPECT_EQ(s->order, s1.id);
    EXPECT_FALSE(unit.find_idempotency_key(north.place.id, "K").has_value());
    return ok_v;
  });
  EXPECT_TRUE(check.ok());
}

TYPED_TEST(store_contract_test, order_numbers_count_per_restaurant_and_business_day) {
  const auto north = seed_restaurant(*this->store_, "north");
  const auto south = seed_restaurant(*this->store_, "south");
  const auto take = [&](restaurant_id r, int32_t day) {
    int64_t n = 0;
    const auto outcome = this->store_->transact([&](unit_of_work& unit) -> status {
      n = unit.next_order_number(r, day);
      return ok_v;
    });
    EXPECT_TRUE(outcome.ok());
    return n;
  };
  EXPECT_EQ(take(north.place.id, 100), 1);
  EXPECT_EQ(take(north.place.id, 100), 2);
  EXPECT_EQ(take(north.place.id, 100), 3);
  EXPECT_EQ(take(north.place.id, 101), 1);
  EXPECT_EQ(take(south.place.id, 100), 1);
  this->open();
  EXPECT_EQ(take(north.place.id, 100), 4);
  EXPECT_EQ(take(north.place.id, 101), 2);
  EXPECT_EQ(take(south.place.id, 101), 1);
}

TYPED_TEST(store_contract_test, an_order_number_is_unique_per_local_business_day) {
  // UTC+1 (Etc/GMT-1, POSIX signs): 23:30 UTC on day 0 is already 00:30 on local day 1.
  const auto s = seed_restaurant(*this->store_, "north", "Etc/GMT-1");
  save_new_order(*this->store_, make_order(s, "A-0001", kDay0 + 23 * 60 * kMinute + 30 * kMinute));
  // Same number, same local day (day 1, 12:00 UTC): refused by the schema.
  EXPECT_THROW(save_new_order(*this->store_, make_order(s, "A-0001", kDay0 + kDayMs + 12 * 60 * kMinute)),
               store_failure);
  // Same number on local day 0 (22:00 UTC = 23:00 local) or day 2: fine.
  save_new_order(*this->store_, make_order(s, "A-0001", kDay0 + 22 * 60 * kMinute));
  save_new_order(*this->store_, make_order(s, "A-0001", kDay0 + 2 * kDayMs));
  // And another restaurant's A-0001 on the same day.
  const auto other = seed_restaurant(*this->store_, "south");
  save_new_order(*this->store_, make_order(other, "A-0001", kDay0 + 12 * 60 * kMinute));
  EXPECT_EQ(read_value(*this->store_, [&](kitchen_reader& r) { return r.list_orders(s.place.id, {}); })
                .orders.size(),
            3u);
}

TYPED_TEST(store_contract_test, nothing_crosses_restaurants) {
  const auto north = seed_restaurant(*this->store_, "north");
  const auto south = seed_restaurant(*this->store_, "south");
  order o = rich_order(north);
  o = save_new_order(*this->store_, o);
  this->store_->read([&](kitchen_reader& r) {
    EXPECT_TRUE(r.find_order(north.place.id, o.id).has_value());
    EXPECT_FALSE(r.find_order(south.place.id, o.id).has_value());
    EXPECT_FALSE(r.find_order_by_ticket(south.place.id, o.ticket->id).has_value());
    EXPECT_FALSE(r.find_table(south.place.id, north.table1.id).has_value());
    EXPECT_FALSE(r.find_station(south.place.id, north.grill.id).has_value());
    EXPECT_FALSE(r.find_menu_item(south.place.id, north.burger.id).has_value());
    EXPECT_TRUE(r.list_orders(south.place.id, {}).orders.empty());
    EXPECT_TRUE(r.list_tickets(south.place.id, {}).empty());
    EXPECT_EQ(r.stats(south.place.id), kitchen_stats{});
    EXPECT_EQ(r.tables(south.place.id).size(), 2u);
    for (const auto& t : r.tables(south.place.id)) EXPECT_EQ(t.restaurant, south.place.id);
  });
  // Saving north's order as south's touches nothing.
  order stolen = o;
  stolen.restaurant = south.place.id;
  EXPECT_THROW(save_new_order(*this->store_, stolen), store_failure);
  // The schema itself refuses a south order at a north table or station.
  order mixed = make_order(south, "A-0009", kDay0, north.table1.id);
  EXPECT_THROW(save_new_order(*this->store_, mixed), store_failure);
  order mixed_station = make_order(south, "A-0009", kDay0);
  mixed_station.ticket = make_ticket(north, ticket_status::pending, kDay0);
  EXPECT_THROW(save_new_order(*this->store_, mixed_station), store_failure);
}

TYPED_TEST(store_contract_test, reference_data_round_trips) {
  const auto s = seed_restaurant(*this->store_, "north", "America/New_York");
  this->open();
  this->store_->read([&](kitchen_reader& r) {
    const auto place = r.find_restaurant(s.place.id);
    ASSERT_TRUE(place.has_value());
    EXPECT_EQ(place->name, "north");
    EXPECT_EQ(place->order_number_prefix, "A");
    EXPECT_EQ(place->timezone, "America/New_York");
    EXPECT_EQ(place->currency, "EUR");
    EXPECT_FALSE(place->send_to_kitchen_on_create);
    EXPECT_EQ(place->pricing.discount_bps, 500);
    EXPECT_EQ(place->pricing.service_charge_bps, 1000);
    EXPECT_EQ(place->pricing.tax_bps, 800);
    EXPECT_EQ(r.restaurants().size(), 1u);
    EXPECT_FALSE(r.find_restaurant(s.place.id + 1).has_value());

    const auto tables = r.tables(s.place.id);
    ASSERT_EQ(tables.size(), 2u);
    EXPECT_EQ(tables[1].name, "2");
    EXPECT_EQ(tables[1].seats, 4);
    const auto stations = r.stations(s.place.id);
    ASSERT_EQ(stations.size(), 2u);
    EXPECT_EQ(stations[0].name, "grill");
    const auto menu = r.menu(s.place.id);
    ASSERT_EQ(menu.size(), 2u);
    EXPECT_EQ(menu[0].name, "Burger");
    EXPECT_EQ(menu[0].price, 1595);
    EXPECT_EQ(menu[0].category, "mains");
    EXPECT_EQ(menu[0].default_station, s.grill.id);
    EXPECT_TRUE(menu[0].available);

    const auto chef = r.find_staff_by_username("chef-north");
    ASSERT_TRUE(chef.has_value());
    EXPECT_EQ(chef->id, s.chef.id);
    EXPECT_EQ(chef->role, staff_role::chef);
    EXPECT_EQ(chef->password_hash, "hash-c");
    EXPECT_EQ(chef->restaurant, s.place.id);
    EXPECT_EQ(r.find_staff(s.waiter.id)->username, "waiter-north");
    EXPECT_FALSE(r.find_staff_by_username("nobody").has_value());
  });

  // Updates keep the ids; a dish without a station stores "none".
  auto place = s.place;
  place.send_to_kitchen_on_create = true;
  place.name = "North";
  auto dish = s.burger;
  dish.available = false;
  dish.default_station = 0;
  dish.price = 1695;
  auto waiter = s.waiter;
  waiter.role = staff_role::manager;
  const auto outcome = this->store_->transact([&](unit_of_work& unit) -> status {
    unit.save_restaurant(place);
    unit.save_menu_item(dish);
    unit.save_staff(waiter);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
  this->store_->read([&](kitchen_reader& r) {
    EXPECT_TRUE(r.find_restaurant(s.place.id)->send_to_kitchen_on_create);
    EXPECT_EQ(r.find_restaurant(s.place.id)->name, "North");
    const auto m = r.find_menu_item(s.place.id, s.burger.id);
    ASSERT_TRUE(m.has_value());
    EXPECT_FALSE(m->available);
    EXPECT_EQ(m->default_station, 0);
    EXPECT_EQ(m->price, 1695);
    EXPECT_EQ(r.find_staff(s.waiter.id)->role, staff_role::manager);
  });
}

TYPED_TEST(store_contract_test, usernames_are_unique_across_restaurants) {
  const auto north = seed_restaurant(*this->store_, "north");
  const auto south = seed_restaurant(*this->store_, "south");
  EXPECT_THROW((void)this->store_->transact([&](unit_of_work& unit) -> status {
    staff copy{0, south.place.id, "Impostor", "chef-north", staff_role::chef, ""};
    unit.save_staff(copy);
    return ok_v;
  }),
               store_failure);
}

}  // namespace
}  // namespace brigade::store::testing
