#include "store/event_json.hpp"

#include <string>

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace brigade::store {
namespace {

using namespace kitchen;
using testing::at_ms;
using testing::expect_same_order;

order full_order() {
  order o;
  o.id = 42;
  o.restaurant = 7;
  o.number = "A-0042";
  o.table = 3;
  o.status = order_status::cancelled;
  o.notes = "allergic to nuts \"really\" ✓";
  o.total_amount = 4590;
  o.final_amount = 5423;
  o.created_by = 11;
  o.created_at = at_ms(1000);
  o.confirmed_at = at_ms(2000);
  o.preparing_at = at_ms(3000);
  o.cancelled_at = at_ms(9000);
  order_item a;
  a.id = 101;
  a.menu_item = 5;
  a.name = "Burger";
  a.quantity = 2;
  a.unit_price = 1595;
  a.notes = "medium rare";
  a.status = item_status::cancelled;
  a.created_at = at_ms(1000);
  order_item b = a;
  b.id = 102;
  b.status = item_status::served;
  b.notes.clear();
  o.items = {a, b};
  kitchen_order k;
  k.id = 55;
  k.status = ticket_status::cancelled;
  k.priority = ticket_priority::vip;
  k.station = 4;
  k.station_name = "grill";
  k.chef = 12;
  k.chef_name = "Charlie";
  k.changed = true;
  k.created_at = at_ms(2000);
  k.acknowledged_at = at_ms(2500);
  k.started_at = at_ms(3000);
  k.cancelled_at = at_ms(9000);
  o.ticket = k;
  cancel_request c;
  c.reason = "guest left";
  c.requested_by = 11;
  c.requested_at = at_ms(8000);
  c.status = cancel_request_status::accepted;
  c.decided_at = at_ms(9000);
  o.cancellation = c;
  return o;
}

TEST(event_json, round_trips_every_field_of_an_order_event) {
  domain_event event;
  event.type = event_type::order_items_added;
  event.restaurant = 7;
  event.sequence = 19;
  event.occurred_at = at_ms(123456789);
  event.actor = 11;
  event.order = full_order();
  event.item = 101;
  event.added_items = {101, 102};
  event.reason = "because";
  const auto decoded = decode_event(encode_event(event));
  EXPECT_EQ(decoded.type, event.type);
  EXPECT_EQ(decoded.restaurant, 7);
  EXPECT_EQ(decoded.sequence, 19u);
  EXPECT_EQ(to_unix_ms(decoded.occurred_at), 123456789);
  EXPECT_EQ(decoded.actor, 11);
  ASSERT_TRUE(decoded.order.has_value());
  expect_same_order(*decoded.order, *event.order);
  EXPECT_EQ(decoded.item, 101);
  EXPECT_EQ(decoded.added_items, event.added_items);
  EXPECT_EQ(decoded.reason, "because");
  EXPECT_FALSE(decoded.stats.has_value());
}

TEST(event_json, round_trips_an_order_without_ticket_or_cancellation) {
  domain_event event;
  event.type = event_type::order_created;
  event.restaurant = 1;
  event.order = full_order();
  event.order->ticket.reset();
  event.order->cancellation.reset();
  event.order->confirmed_at.reset();
  event.order->items.clear();
  const auto decoded = decode_event(encode_event(event));
  ASSERT_TRUE(decoded.order.has_value());
  expect_same_order(*decoded.order, *event.order);
}

// The outbox grows with what changed (issue 17: 64 events of one large order
// took 121 MB when each stored the whole order).
TEST(event_json, stores_only_the_items_an_event_concerns) {
  domain_event created;
  created.type = event_type::order_created;
  created.order = full_order();
  ASSERT_GE(created.order->items.size(), 2u);
  EXPECT_EQ(decode_event(encode_event(created)).order->items.size(), created.order->items.size());

  domain_event added = created;
  added.type = event_type::order_items_added;
  added.added_items = {created.order->items.back().id};
  const auto added_back = decode_event(encode_event(added));
  ASSERT_EQ(added_back.order->items.size(), 1u);
  EXPECT_EQ(added_back.order->items[0].id, created.order->items.back().id);
  EXPECT_EQ(added_back.order->total_amount, created.order->total_amount);

  domain_event changed = created;
  changed.type = event_type::order_item_status_changed;
  changed.item = created.order->items.front().id;
  const auto changed_back = decode_event(encode_event(changed));
  ASSERT_EQ(changed_back.order->items.size(), 1u);
  EXPECT_EQ(changed_back.order->items[0].id, created.order->items.front().id);

  // A confirmation fires or holds every line, so it keeps them all.
  domain_event confirmed = created;
  confirmed.type = event_type::order_confirmed;
  EXPECT_EQ(decode_event(encode_event(confirmed)).order->items.size(), created.order->items.size());

  domain_event acknowledged = created;
  acknowledged.type = event_type::ticket_acknowledged;
  EXPECT_TRUE(decode_event(encode_event(acknowledged)).order->items.empty());
  EXPECT_LT(encode_event(acknowledged).size(), encode_event(created).size());
}

TEST(event_json, round_trips_a_stats_event_without_an_order) {
  domain_event event;
  event.type = event_type::kitchen_stats_changed;
  event.restaurant = 3;
  event.stats = kitchen_stats{4, 3, 2, 9};
  const auto decoded = decode_event(encode_event(event));
  EXPECT_EQ(decoded.type, event_type::kitchen_stats_changed);
  EXPECT_FALSE(decoded.order.has_value());
  ASSERT_TRUE(decoded.stats.has_value());
  EXPECT_EQ(*decoded.stats, (kitchen_stats{4, 3, 2, 9}));
}

TEST(event_json, round_trips_every_event_type) {
  for (int i = 0; i <= static_cast<int>(event_type::kitchen_stats_changed); ++i) {
    domain_event event;
    event.type = static_cast<event_type>(i);
    EXPECT_EQ(decode_event(encode_event(event)).type, event.type) << to_string(event.type);
  }
}

TEST(event_json, stores_a_recall_under_its_name_with_the_reopened_ticket) {
  domain_event event;
  event.type = event_type::ticket_recalled;
  event.restaurant = 7;
  event.order = full_order();
  event.order->status = order_status::ready;
  event.order->cancelled_at.reset();
  event.order->ready_at = at_ms(5000);
  event.order->ticket->status = ticket_status::ready;
  event.order->ticket->cancelled_at.reset();
  event.order->ticket->ready_at = at_ms(5000);
  const auto text = encode_event(event);
  EXPECT_NE(text.find(R"("type":"ticket.recalled")"), std::string::npos) << text;
  const auto decoded = decode_event(text);
  EXPECT_EQ(decoded.type, event_type::ticket_recalled);
  ASSERT_TRUE(decoded.order.has_value());
  // A ticket event keeps the order's header and ticket, none of its items.
  kitchen::order header = *event.order;
  header.items.clear();
  expect_same_order(*decoded.order, header);
  EXPECT_FALSE(decoded.order->ticket->completed_at.has_value());
}

TEST(event_json, refuses_what_it_did_not_write) {
  EXPECT_THROW(decode_event("not json"), store_failure);
  EXPECT_THROW(decode_event("{}"), store_failure);
  domain_event event;
  auto text = encode_event(event);
  const auto at = text.find("order.created");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 13, "order.invent");
  EXPECT_THROW(decode_event(text), store_failure);
}

TEST(event_json, keeps_a_payload_with_invalid_utf8_storable) {
  domain_event event;
  event.reason = std::string{"bad \xff byte"};
  const auto text = encode_event(event);
  EXPECT_NO_THROW(decode_event(text));
}

}  // namespace
}  // namespace brigade::store
