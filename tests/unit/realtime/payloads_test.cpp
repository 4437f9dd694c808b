#include "realtime/payloads.hpp"

#include <gtest/gtest.h>

#include "kitchen/events.hpp"
#include "realtime/event_routes.hpp"
#include "sample_events.hpp"
#include "wire/order_json.hpp"

namespace brigade::realtime {
namespace {

using testing::sample_event;
using testing::sample_order;

// A payload without Brigade's `order` (tested once, below), which it has.
std::string spec_part(const nlohmann::ordered_json& payload) {
  EXPECT_TRUE(payload.contains("order")) << payload.dump();
  return testing::dump_without(payload, {"order"});
}

// dump() compares keys, their order and values (money as decimals, dates as
// ISO strings) in one assertion.
constexpr const char* kBurger =
    R"({"itemId":101,"menuItemId":5,"name":"Burger","quantity":2,"unitPrice":12.5,)"
    R"("notes":"no onions","status":"preparing","modifiers":[],"seat":null,"course":1,"allergens":[],)"
    R"("lineTotal":25.0,"stationId":null,"stationName":null,"held":false,"prepMinutes":0,"releaseAt":null,"firedAt":"2025-11-26T16:00:00.000Z",)"
    R"("startedAt":"2025-11-26T16:01:00.000Z","readyAt":null,"servedAt":null})";
constexpr const char* kFries =
    R"({"itemId":102,"menuItemId":6,"name":"Fries","quantity":1,"unitPrice":4.99,)"
    R"("notes":"","status":"ready","modifiers":[],"seat":null,"course":1,"allergens":[],"lineTotal":4.99,)"
    R"("stationId":4,"stationName":"fry","held":false,"prepMinutes":0,"releaseAt":null,"firedAt":"2025-11-26T16:00:00.000Z","startedAt":null,)"
    R"("readyAt":"2025-11-26T16:05:00.000Z","servedAt":null})";

TEST(Payloads, MoneyIsADecimalNumber) {
  EXPECT_EQ(money_json(1250).dump(), "12.5");
  EXPECT_EQ(money_json(1999).dump(), "19.99");
  EXPECT_EQ(money_json(0).dump(), "0.0");
}

TEST(Payloads, TimesAreIsoStringsOrNull) {
  EXPECT_EQ(time_json(testing::kT0).dump(), R"("2025-11-26T16:00:00.000Z")");
  EXPECT_TRUE(time_json(std::nullopt).is_null());
}

TEST(Payloads, OrderCreated) {
  EXPECT_EQ(order_created_payload(sample_order()).dump(),
            std::string(R"({"orderId":42,"tableId":12,"orderNumber":"A-0042","status":"preparing",)"
                        R"("totalAmount":29.99,"finalAmount":36.29,"items":[)") +
                kBurger + "," + kFries +
                R"(],"notes":"","createdBy":11,"createdAt":"2025-11-26T16:00:00.000Z"})");
}

TEST(Payloads, OrderNew) {
  EXPECT_EQ(order_new_payload(sample_order()).dump(),
            std::string(R"({"orderId":42,"tableId":12,"orderNumber":"A-0042","status":"preparing",)"
                        R"("items":[)") +
                kBurger + "," + kFries + "]}");
}

TEST(Payloads, OrderConfirmedCarriesAnIsoDate) {
  EXPECT_EQ(spec_part(order_confirmed_payload(sample_order())),
            std::string(R"({"orderId":42,"tableId":12,"orderNumber":"A-0042","confirmedAt":"2025-11-26T16:00:01.500Z",)"
                        R"("items":[)") +
                kBurger + "," + kFries + "]}");
  auto o = sample_order();
  o.confirmed_at.reset();
  EXPECT_TRUE(order_confirmed_payload(o)["confirmedAt"].is_null());
}

TEST(Payloads, OrderStatus) {
  EXPECT_EQ(spec_part(order_status_payload(sample_order())),
            R"({"orderId":42,"tableId":12,"status":"preparing"})");
}

TEST(Payloads, ItemsAddedHoldsOnlyTheAddedLines) {
  EXPECT_EQ(spec_part(order_items_added_payload(sample_order(), {102})),
            std::string(R"({"orderId":42,"tableId":12,"items":[)") + kFries +
                R"(],"newTotalAmount":29.99,"newFinalAmount":36.29})");
  EXPECT_EQ(order_items_added_payload(sample_order(), {})["items"].size(), 0u);
  EXPECT_EQ(order_items_added_payload(sample_order(), {101, 102})["items"].size(), 2u);
}

TEST(Payloads, ItemStatus) {
  // The burger has no station of its own: it is cooked at the ticket's (3).
  EXPECT_EQ(spec_part(order_item_status_payload(sample_order(), 101)),
            std::string(R"({"orderId":42,"itemId":101,"status":"preparing","stationId":3,"course":1,"item":)") +
                kBurger + "}");
  EXPECT_EQ(order_item_status_payload(sample_order(), 102)["stationId"], 4);
  EXPECT_TRUE(order_item_status_payload(sample_order(), 999)["status"].is_null());
  EXPECT_TRUE(order_item_status_payload(sample_order(), 999)["item"].is_null());
}

TEST(Payloads, CourseFiredListsTheCourseLinesSent) {
  EXPECT_EQ(spec_part(order_course_fired_payload(sample_order(), 1)),
            std::string(R"({"orderId":42,"tableId":12,"course":1,"itemIds":[101,102],"firedAt":"2025-11-26T16:00:00.000Z",)"
                        R"("items":[)") +
                kBurger + "," + kFries + "]}");
  EXPECT_EQ(order_course_fired_payload(sample_order(), 2)["itemIds"].size(), 0u);
  EXPECT_EQ(order_course_fired_payload(sample_order(), 2)["items"].size(), 0u);
}

TEST(Payloads, ItemStationNamesTheLineAndItsStation) {
  EXPECT_EQ(spec_part(ticket_item_station_payload(sample_order(), *sample_order().ticket, 102)),
            std::string(R"({"kitchenOrderId":9,"orderId":42,"itemId":102,"stationId":4,"stationName":"fry","item":)") +
                kFries + "}");
}

TEST(Payloads, CancelRequestAndCancelled) {
  EXPECT_EQ(spec_part(order_cancel_request_payload(sample_order(), "guest left", 11)),
            R"({"orderId":42,"tableId":12,"reason":"guest left","staffId":11})");
  EXPECT_EQ(spec_part(order_cancelled_payload(sample_order(), "guest left")),
            R"({"orderId":42,"tableId":12,"reason":"guest left"})");
}

TEST(Payloads, TicketAcknowledged) {
  const auto o = sample_order();
  EXPECT_EQ(spec_part(ticket_acknowledged_payload(o, *o.ticket)),
            R"({"kitchenOrderId":9,"orderId":42,"chefId":12,"chefName":"Carl"})");
  kitchen::kitchen_order nobody = *o.ticket;
  nobody.chef = 0;
  nobody.chef_name.clear();
  EXPECT_EQ(spec_part(ticket_acknowledged_payload(o, nobody)),
            R"({"kitchenOrderId":9,"orderId":42,"chefId":null,"chefName":null})");
}

TEST(Payloads, TicketAndRejected) {
  const auto o = sample_order();
  EXPECT_EQ(spec_part(ticket_payload(o, *o.ticket)),
            R"({"kitchenOrderId":9,"orderId":42,"tableId":12})");
  EXPECT_EQ(spec_part(ticket_cancel_rejected_payload(o, *o.ticket, "already plated")),
            R"({"kitchenOrderId":9,"orderId":42,"tableId":12,"reason":"already plated"})");
}

TEST(Payloads, CompletedHasPrepTimeInMinutes) {
  const auto o = sample_order();
  EXPECT_EQ(spec_part(ticket_completed_payload(o, *o.ticket)),
            R"({"kitchenOrderId":9,"orderId":42,"tableId":12,"prepTime":13})");
  kitchen::kitchen_order open = *o.ticket;
  open.completed_at.reset();
  EXPECT_TRUE(ticket_completed_payload(o, open)["prepTime"].is_null());
}

TEST(Payloads, PriorityStationStats) {
  const auto o = sample_order();
  EXPECT_EQ(spec_part(ticket_priority_payload(o, *o.ticket)),
            R"({"kitchenOrderId":9,"orderId":42,"priority":"vip"})");
  EXPECT_EQ(spec_part(ticket_station_payload(o, *o.ticket)),
            R"({"kitchenOrderId":9,"orderId":42,"stationId":3,"stationName":"grill"})");
  EXPECT_EQ(stats_payload(kitchen::kitchen_stats{3, 2, 1, 6}).dump(),
            R"({"pending":3,"preparing":2,"ready":1,"total":6})");
}

// `order` is the order after the change without its lines: the REST form
// (GET /api/orders/{id}) but `items`, and the ticket but its `stations`.
TEST(Payloads, OrderIsTheOrderWithoutItsLines) {
  EXPECT_EQ(
      wire::order_header_json(sample_order()).dump(),
      R"({"orderId":42,"orderNumber":"A-0042","tableId":12,"status":"preparing","notes":"","totalAmount":29.99,)"
      R"("finalAmount":36.29,"createdBy":11,"createdAt":"2025-11-26T16:00:00.000Z",)"
      R"("confirmedAt":"2025-11-26T16:00:01.500Z","preparingAt":null,"readyAt":null,"servedAt":null,)"
      R"("completedAt":null,"cancelledAt":null,"kitchenOrder":{"kitchenOrderId":9,"orderId":42,"tableId":12,)"
      R"("status":"completed","priority":"vip","stationId":3,"stationName":"grill","chefId":12,"chefName":"Carl",)"
      R"("changed":false,"createdAt":"2025-11-26T16:00:00.000Z","acknowledgedAt":null,"startedAt":null,)"
      R"("readyAt":null,"completedAt":"2025-11-26T16:12:30.000Z","cancelledAt":null,"prepTime":13},)"
      R"("cancelRequest":{"reason":"guest left","status":"open","requestedBy":11,)"
      R"("requestedAt":"2025-11-26T16:00:00.000Z","rejectionReason":null,"decidedAt":null}})");
  // The REST form is the same with the lines and the station parts.
  auto whole = wire::order_json(sample_order());
  whole.erase("items");
  whole["kitchenOrder"].erase("stations");
  EXPECT_EQ(whole, wire::order_header_json(sample_order()));
  auto no_ticket = sample_order();
  no_ticket.ticket.reset();
  no_ticket.cancellation.reset();
  EXPECT_TRUE(wire::order_header_json(no_ticket)["kitchenOrder"].is_null());
}

// Every routed order and ticket event carries `order`, last, except
// order:created and order:new, whose payloads are the whole new order.
TEST(Payloads, EveryOrderEventButCreationCarriesTheOrder) {
  for (const route_entry& entry : event_routes()) {
    if (entry.subject != event_subject::order && entry.subject != event_subject::ticket) continue;
    const auto payload = entry.build(sample_event(entry.trigger));
    if (entry.name == "order:created" || entry.name == "order:new") {
      EXPECT_FALSE(payload.contains("order")) << entry.name;
      continue;
    }
    ASSERT_TRUE(payload.contains("order")) << entry.name;
    EXPECT_EQ(payload.back(), wire::order_header_json(sample_order())) << entry.name;
  }
}

// A replayed event is built from what the outbox kept of it: the same
// payload as the one sent live, Brigade's keys included.
TEST(Payloads, AReplayedEventCarriesWhatTheLiveOneDid) {
  for (const route_entry& entry : event_routes()) {
    if (entry.subject != event_subject::order && entry.subject != event_subject::ticket) continue;
    const kitchen::domain_event live = sample_event(entry.trigger);
    kitchen::domain_event replayed = live;
    replayed.order = kitchen::order_as_recorded(live);
    EXPECT_EQ(entry.build(replayed), entry.build(live)) << entry.name;
  }
}

}  // namespace
}  // namespace brigade::realtime
