#include "realtime/event_routes.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "sample_events.hpp"

namespace brigade::realtime {
namespace {

using kitchen::event_type;
using testing::sample_event;

struct expected_event {
  std::string name;
  std::vector<std::string> rooms;  // client names for order 42 at table 12
};

struct routing_case {
  event_type type;
  std::vector<expected_event> events;
};

void PrintTo(const routing_case& c, std::ostream* os) {
  *os << kitchen::to_string(c.type);
}

// The specification's "Sent to" lists plus the "Rooms Structure" and
// "Event Flow" extras, written out independently of the table under test.
const std::vector<routing_case>& expected_routes() {
  static const std::vector<routing_case> cases = {
      {event_type::order_created,
       {{"order:created", {"kitchen", "waiters", "table:12"}}, {"order:new", {"kitchen"}}}},
      {event_type::order_confirmed, {{"order:confirmed", {"kitchen", "waiters", "table:12"}}}},
      {event_type::order_status_changed,
       {{"order:status_changed", {"kitchen", "waiters", "table:12", "order:42"}},
        {"order:status", {"table:12"}}}},
      {event_type::order_items_added, {{"order:items_added", {"kitchen", "table:12", "order:42"}}}},
      // The kitchen too, beyond the specification: station screens show each other's lines.
      {event_type::order_item_status_changed,
       {{"order:item_status_changed", {"table:12", "waiters", "order:42", "kitchen"}}}},
      {event_type::order_cancel_requested, {{"order:cancel_request", {"kitchen", "order:42"}}}},
      {event_type::order_cancelled,
       {{"order:cancelled", {"kitchen", "table:12", "waiters", "order:42"}}}},
      {event_type::ticket_acknowledged,
       {{"kitchen:order_acknowledged", {"kitchen", "waiters", "order:42"}},
        {"kitchen:acknowledged", {"order:42"}}}},
      {event_type::ticket_preparing,
       {{"kitchen:order_preparing", {"kitchen", "table:12", "waiters"}},
        {"kitchen:preparing", {"table:12"}}}},
      {event_type::ticket_ready,
       {{"kitchen:order_ready", {"kitchen", "table:12", "waiters", "order:42"}},
        {"kitchen:ready", {"table:12", "order:42"}}}},
      {event_type::ticket_completed,
       {{"kitchen:order_completed", {"kitchen", "table:12", "waiters"}}}},
      {event_type::ticket_recalled,
       {{"kitchen:order_recalled", {"kitchen", "waiters", "table:12", "order:42"}}}},
      {event_type::ticket_cancel_accepted,
       {{"kitchen:cancel_accepted", {"kitchen", "waiters", "order:42"}}}},
      {event_type::ticket_cancel_rejected,
       {{"kitchen:cancel_rejected", {"kitchen", "waiters", "order:42"}}}},
      {event_type::ticket_priority_changed, {{"kitchen:priority_changed", {"kitchen"}}}},
      {event_type::ticket_station_assigned, {{"kitchen:station_assigned", {"kitchen"}}}},
      {event_type::kitchen_stats_changed, {{"kitchen:stats_update", {"kitchen"}}}},
      {event_type::menu_item_availability_changed, {{"menu:item_availability", {"kitchen", "waiters"}}}},
      {event_type::order_course_fired, {{"order:course_fired", {"kitchen", "waiters", "order:42"}}}},
      {event_type::ticket_item_station_assigned, {{"kitchen:item_station_changed", {"kitchen"}}}},
  };
  return cases;
}

class RoutingTable : public ::testing::TestWithParam<routing_case> {};

TEST_P(RoutingTable, RoutesToExactlyTheSpecifiedNamesAndRooms) {
  const auto& c = GetParam();
  const auto routed = route(sample_event(c.type));
  ASSERT_EQ(routed.size(), c.events.size());
  for (size_t i = 0; i < routed.size(); ++i) {
    EXPECT_EQ(routed[i].name, c.events[i].name);
    std::vector<std::string> rooms;
    for (const auto& r : routed[i].rooms) rooms.push_back(r.to_string());
    EXPECT_EQ(rooms, c.events[i].rooms) << c.events[i].name;
    EXPECT_TRUE(routed[i].payload.is_object()) << c.events[i].name;
  }
}

// GoogleTest names allow only letters, digits and '_': "order.created" →
// "order_created".
std::string case_name(const ::testing::TestParamInfo<routing_case>& info) {
  std::string name(kitchen::to_string(info.param.type));
  for (auto& c : name) {
    if (c == '.') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryDomainEvent, RoutingTable, ::testing::ValuesIn(expected_routes()),
                         case_name);

TEST(RoutingTable, CoversEveryEventType) {
  // event_type is contiguous from order_created to ticket_item_station_assigned.
  const auto last = static_cast<int>(event_type::ticket_item_station_assigned);
  ASSERT_EQ(expected_routes().size(), static_cast<size_t>(last + 1));
  std::set<event_type> covered;
  for (const auto& entry : event_routes()) covered.insert(entry.trigger);
  EXPECT_EQ(covered.size(), static_cast<size_t>(last + 1));
}

TEST(RoutingTable, EventNamesAreUnique) {
  std::set<std::string_view> names;
  for (const auto& entry : event_routes())
    EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
}

TEST(RoutingTable, OnlyStatsAreThrottled) {
  for (const auto& entry : event_routes()) {
    EXPECT_EQ(entry.mode == delivery::throttled, entry.name == "kitchen:stats_update")
        << entry.name;
  }
  const auto routed = route(sample_event(event_type::kitchen_stats_changed));
  ASSERT_EQ(routed.size(), 1u);
  EXPECT_EQ(routed[0].mode, delivery::throttled);
  EXPECT_EQ(routed[0].payload.dump(), R"({"pending":3,"preparing":2,"ready":1,"total":6})");
}

TEST(RoutingTable, CancelAcceptedDoesNotRepeatOrderCancelled) {
  for (const auto& e : route(sample_event(event_type::ticket_cancel_accepted))) {
    EXPECT_NE(e.name, "order:cancelled");
  }
}

TEST(RoutingPayloads, CopiesShareTheirReferencePayload) {
  for (const auto type : {event_type::order_status_changed, event_type::ticket_acknowledged,
                          event_type::ticket_preparing, event_type::ticket_ready}) {
    const auto routed = route(sample_event(type));
    ASSERT_EQ(routed.size(), 2u) << kitchen::to_string(type);
    EXPECT_EQ(routed[0].payload, routed[1].payload) << routed[1].name;
  }
}

TEST(RoutingPayloads, ItemsAddedSendsOnlyTheAddedItems) {
  const auto routed = route(sample_event(event_type::order_items_added));
  ASSERT_EQ(routed.size(), 1u);
  const auto& items = routed[0].payload["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["itemId"], 102);
  EXPECT_EQ(routed[0].payload["newTotalAmount"].dump(), "29.99");
}

TEST(RoutingPayloads, EventFieldsReachThePayload) {
  auto e = sample_event(event_type::order_item_status_changed);
  EXPECT_EQ(testing::dump_without(route(e)[0].payload, {"item", "order"}),
            R"({"orderId":42,"itemId":102,"status":"ready","stationId":4,"course":1})");
  EXPECT_EQ(route(e)[0].payload["item"]["itemId"], 102);

  e = sample_event(event_type::order_cancel_requested);
  EXPECT_EQ(testing::dump_without(route(e)[0].payload, {"order"}),
            R"({"orderId":42,"tableId":12,"reason":"guest left","staffId":11})");
  // Without a recorded request the actor is the requester.
  e.order->cancellation.reset();
  e.actor = 14;
  EXPECT_EQ(route(e)[0].payload["staffId"], 14);

  e = sample_event(event_type::ticket_cancel_rejected);
  e.reason = "already plated";
  EXPECT_EQ(testing::dump_without(route(e)[0].payload, {"order"}),
            R"({"kitchenOrderId":9,"orderId":42,"tableId":12,"reason":"already plated"})");

  e = sample_event(event_type::ticket_completed);
  EXPECT_EQ(testing::dump_without(route(e)[0].payload, {"order"}),
            R"({"kitchenOrderId":9,"orderId":42,"tableId":12,"prepTime":13})");

  // A recall names the ticket and where it is going back to, and the order after it.
  e = sample_event(event_type::ticket_recalled);
  e.order->ticket->status = kitchen::ticket_status::ready;
  e.order->ticket->completed_at.reset();
  const auto recalled = route(e);
  ASSERT_EQ(recalled.size(), 1u);
  EXPECT_EQ(recalled[0].mode, delivery::immediate);
  EXPECT_EQ(testing::dump_without(recalled[0].payload, {"order"}), R"({"kitchenOrderId":9,"orderId":42,"tableId":12})");
  EXPECT_EQ(recalled[0].payload["order"]["kitchenOrder"]["status"], "ready");

  e = sample_event(event_type::order_confirmed);
  EXPECT_EQ(route(e)[0].payload["confirmedAt"], "2025-11-26T16:00:01.500Z");
}

TEST(RoutingPayloads, MalformedEventsRouteNowhere) {
  auto no_order = sample_event(event_type::order_created);
  no_order.order.reset();
  EXPECT_TRUE(route(no_order).empty());

  for (const auto type : {event_type::ticket_ready, event_type::ticket_recalled}) {
    auto no_ticket = sample_event(type);
    no_ticket.order->ticket.reset();
    EXPECT_TRUE(route(no_ticket).empty()) << kitchen::to_string(type);
  }

  auto no_stats = sample_event(event_type::kitchen_stats_changed);
  no_stats.stats.reset();
  EXPECT_TRUE(route(no_stats).empty());
}

TEST(RoutingRooms, TargetsResolveAgainstTheOrder) {
  const auto o = testing::sample_order();
  EXPECT_EQ(resolve(room_target::table, o), room::table(12));
  EXPECT_EQ(resolve(room_target::order, o), room::order(42));
  EXPECT_EQ(resolve(room_target::kitchen, o), room::kitchen());
  EXPECT_EQ(to_string(room_target::table), "table:{tableId}");
  EXPECT_EQ(to_string(room_target::order), "order:{orderId}");
}

TEST(RoutingRooms, InternalNamesAreTenantScoped) {
  auto mine = sample_event(event_type::ticket_ready);
  auto theirs = mine;
  theirs.restaurant = 8;
  theirs.order->restaurant = 8;
  const auto a = route(mine);
  const auto b = route(theirs);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].rooms, b[i].rooms);  // same logical rooms…
    for (const auto& r : a[i].rooms) {  // …never the same Socket.IO room
      EXPECT_NE(internal_room_name(mine.restaurant, r), internal_room_name(theirs.restaurant, r));
    }
  }
}

TEST(RoutingTable, AMenuItemsAvailabilityReachesKitchenAndWaitersWithItsIdNameAndState) {
  const auto routed = route(sample_event(event_type::menu_item_availability_changed));
  ASSERT_EQ(routed.size(), 1u);
  EXPECT_EQ(routed[0].name, "menu:item_availability");
  EXPECT_EQ(routed[0].payload, (nlohmann::ordered_json{{"menuItemId", 7}, {"name", "Burger"}, {"available", false}}));
  // Without its menu item the event is malformed and routes nowhere.
  auto bare = sample_event(event_type::menu_item_availability_changed);
  bare.menu.reset();
  EXPECT_TRUE(route(bare).empty());
}

}  // namespace
}  // namespace brigade::realtime
