#include "api/wire_format.hpp"

#include "api/menu_json.hpp"

#include <gtest/gtest.h>

namespace brigade::api {
namespace {

using ojson = nlohmann::ordered_json;

timestamp at(int64_t ms) {
  return from_unix_ms(ms);
}

kitchen::order sample_order() {
  kitchen::order o;
  o.id = 42;
  o.number = "A-0042";
  o.table = 3;
  o.status = kitchen::order_status::confirmed;
  o.items.push_back({7, 10, "Burger", 2, 1250, "no onions", kitchen::item_status::pending, at(0)});
  o.notes = "window";
  o.total_amount = 2500;
  o.final_amount = 2970;
  o.created_by = 5;
  o.created_at = at(1'764'180'245'123);
  o.confirmed_at = at(1'764'180'305'000);
  return o;
}

TEST(MoneyJson, MinorUnitsBecomeExactDecimals) {
  EXPECT_EQ(money_json(1250).dump(), "12.5");
  EXPECT_EQ(money_json(1999).dump(), "19.99");
  EXPECT_EQ(money_json(10).dump(), "0.1");
  EXPECT_EQ(money_json(1).dump(), "0.01");
  EXPECT_EQ(money_json(0).dump(), "0.0");
  EXPECT_EQ(money_json(123456789).dump(), "1234567.89");
  EXPECT_DOUBLE_EQ(money_json(2970).get<double>(), 29.7);
}

TEST(TimeJson, IsoStringOrNull) {
  EXPECT_EQ(time_json(at(1'764'180'245'123)), "2025-11-26T18:04:05.123Z");
  EXPECT_TRUE(time_json(std::nullopt).is_null());
}

TEST(OrderJson, HasEveryCamelCaseKeyWithNullsForWhatHasNotHappened) {
  const ojson j = order_json(sample_order());
  for (const char* key :
       {"orderId", "orderNumber", "tableId", "status", "items", "notes", "totalAmount",
        "finalAmount", "createdBy", "createdAt", "confirmedAt", "preparingAt", "readyAt",
        "servedAt", "completedAt", "cancelledAt", "kitchenOrder", "cancelRequest"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j.size(), 18u) << j.dump();
  EXPECT_EQ(j["orderId"], 42);
  EXPECT_EQ(j["orderNumber"], "A-0042");
  EXPECT_EQ(j["status"], "confirmed");
  EXPECT_EQ(j["totalAmount"].dump(), "25.0");
  EXPECT_EQ(j["finalAmount"].dump(), "29.7");
  EXPECT_EQ(j["createdAt"], "2025-11-26T18:04:05.123Z");
  EXPECT_EQ(j["confirmedAt"], "2025-11-26T18:05:05.000Z");
  for (const char* key : {"preparingAt", "readyAt", "servedAt", "completedAt", "cancelledAt",
                          "kitchenOrder", "cancelRequest"}) {
    EXPECT_TRUE(j[key].is_null()) << key;
  }
  const ojson item = j["items"][0];
  EXPECT_EQ(item, (ojson{{"itemId", 7},
                        {"menuItemId", 10},
                        {"name", "Burger"},
                        {"quantity", 2},
                        {"unitPrice", 12.5},
                        {"notes", "no onions"},
                        {"status", "pending"},
                        {"modifiers", ojson::array()},
                        {"seat", nullptr},
                        {"course", 1},
                        {"allergens", ojson::array()},
                        {"lineTotal", 25.0},
                        {"stationId", nullptr},
                        {"stationName", nullptr},
                        {"held", false},
                        {"prepMinutes", 0},
                        {"releaseAt", nullptr},
                        {"firedAt", nullptr},
                        {"startedAt", nullptr},
                        {"readyAt", nullptr},
                        {"servedAt", nullptr}}));
}

TEST(OrderJson, TicketCarriesItsOrderAndPrepTimeOnceCompleted) {
  auto o = sample_order();
  kitchen::kitchen_order t;
  t.id = 9;
  t.status = kitchen::ticket_status::preparing;
  t.priority = kitchen::ticket_priority::express;
  t.created_at = at(0);
  o.ticket = t;
  ojson ticket = order_json(o)["kitchenOrder"];
  EXPECT_EQ(ticket["kitchenOrderId"], 9);
  EXPECT_EQ(ticket["orderId"], 42);
  EXPECT_EQ(ticket["tableId"], 3);
  EXPECT_EQ(ticket["status"], "preparing");
  EXPECT_EQ(ticket["priority"], "express");
  EXPECT_EQ(ticket["changed"], false);
  for (const char* key : {"stationId", "stationName", "chefId", "chefName", "acknowledgedAt",
                          "startedAt", "readyAt", "completedAt", "cancelledAt", "prepTime"}) {
    EXPECT_TRUE(ticket[key].is_null()) << key;
  }
  EXPECT_EQ(ticket.size(), 18u) << ticket.dump();
  // One part: the line without a station, not started.
  EXPECT_EQ(ticket["stations"].dump(),
            R"([{"stationId":null,"stationName":null,"status":"pending","items":1,"readyItems":0,"heldItems":0,)"
            R"("startedAt":null,"readyAt":null,"nextReleaseAt":null}])");

  o.ticket->station = 2;
  o.ticket->station_name = "grill";
  o.ticket->chef = 6;
  o.ticket->chef_name = "Charlie Chef";
  o.ticket->status = kitchen::ticket_status::completed;
  o.ticket->completed_at = at(12 * 60'000 + 30'000);  // 12.5 minutes: half goes up
  ticket = order_json(o)["kitchenOrder"];
  EXPECT_EQ(ticket["stationId"], 2);
  EXPECT_EQ(ticket["stationName"], "grill");
  EXPECT_EQ(ticket["chefId"], 6);
  EXPECT_EQ(ticket["chefName"], "Charlie Chef");
  EXPECT_EQ(ticket["prepTime"], 13);
}

TEST(OrderJson, CancelRequest) {
  auto o = sample_order();
  o.cancellation =
      kitchen::cancel_request{"guest left", 5, at(0), kitchen::cancel_request_status::open, "", {}};
  ojson request = order_json(o)["cancelRequest"];
  EXPECT_EQ(request["reason"], "guest left");
  EXPECT_EQ(request["status"], "open");
  EXPECT_EQ(request["requestedBy"], 5);
  EXPECT_EQ(request["requestedAt"], "1970-01-01T00:00:00.000Z");
  EXPECT_TRUE(request["rejectionReason"].is_null());
  EXPECT_TRUE(request["decidedAt"].is_null());
  o.cancellation->status = kitchen::cancel_request_status::rejected;
  o.cancellation->rejection_reason = "on the grill";
  o.cancellation->decided_at = at(1000);
  request = order_json(o)["cancelRequest"];
  EXPECT_EQ(request["rejectionReason"], "on the grill");
  EXPECT_EQ(request["decidedAt"], "1970-01-01T00:00:01.000Z");
}

TEST(ReferenceJson, TablesStationsMenuAndStats) {
  EXPECT_EQ(table_json({3, 1, "Terrace 3", 4, "Terrace"}),
            (ojson{{"tableId", 3}, {"name", "Terrace 3"}, {"seats", 4}, {"area", "Terrace"}}));
  EXPECT_EQ(station_json({2, 1, "grill", "#e4572e"}), (ojson{{"stationId", 2}, {"name", "grill"}, {"colour", "#e4572e"}}));
  kitchen::menu_item burger{10, 1, "Burger", 1250, "Mains", 2, false};
  burger.category_id = 4;
  burger.description = "Beef";
  burger.default_course = 2;
  burger.allergens = {"gluten", "milk"};
  burger.tags = {"signature"};
  burger.modifier_groups = {{7, 1, "Cooking", 1, 1, {{8, "rare", 0}, {9, "well done", -50}}}};
  const ojson menu = menu_item_json(burger);
  EXPECT_EQ(menu, (ojson{{"menuItemId", 10},
                        {"name", "Burger"},
                        {"price", 12.5},
                        {"category", "Mains"},
                        {"stationId", 2},
                        {"available", false},
                        {"categoryId", 4},
                        {"description", "Beef"},
                        {"course", 2},
                        {"prepMinutes", 0},
                        {"allergens", {"gluten", "milk"}},
                        {"tags", {"signature"}},
                        {"position", 0},
                        {"modifierGroups",
                         {{{"modifierGroupId", 7},
                           {"name", "Cooking"},
                           {"minChoices", 1},
                           {"maxChoices", 1},
                           {"required", true},
                           {"options",
                            {{{"optionId", 8}, {"name", "rare"}, {"priceDelta", 0.0}},
                             {{"optionId", 9}, {"name", "well done"}, {"priceDelta", -0.5}}}}}}}}));
  EXPECT_EQ(stats_json({1, 2, 3, 6}),
            (ojson{{"pending", 1}, {"preparing", 2}, {"ready", 3}, {"total", 6}}));
}

TEST(EventJson, CarriesOnlyWhatApplies) {
  kitchen::domain_event stats_event;
  stats_event.type = kitchen::event_type::kitchen_stats_changed;
  stats_event.sequence = 12;
  stats_event.actor = 6;
  stats_event.occurred_at = at(0);
  stats_event.stats = kitchen::kitchen_stats{1, 0, 0, 1};
  ojson j = event_json(stats_event);
  EXPECT_EQ(j, (ojson{{"sequence", 12},
                     {"type", "kitchen.stats_changed"},
                     {"occurredAt", "1970-01-01T00:00:00.000Z"},
                     {"actorId", 6},
                     {"stats", {{"pending", 1}, {"preparing", 0}, {"ready", 0}, {"total", 1}}}}));

  kitchen::domain_event added;
  added.type = kitchen::event_type::order_items_added;
  added.sequence = 13;
  added.order = sample_order();
  added.order->ticket = kitchen::kitchen_order{};
  added.order->ticket->id = 9;
  added.added_items = {7};
  j = event_json(added);
  EXPECT_EQ(j["type"], "order.items_added");
  EXPECT_EQ(j["orderId"], 42);
  EXPECT_EQ(j["kitchenOrderId"], 9);
  EXPECT_EQ(j["addedItemIds"], ojson::array({7}));
  EXPECT_EQ(j["order"]["orderNumber"], "A-0042");
  EXPECT_FALSE(j.contains("itemId"));
  EXPECT_FALSE(j.contains("reason"));
  EXPECT_FALSE(j.contains("stats"));
}

TEST(EventsPageJson, LastSequenceIsTheLastEventOrAfter) {
  EXPECT_EQ(events_page_json({}, 17, false),
            (ojson{{"events", ojson::array()}, {"lastSequence", 17}, {"more", false}}));
  kitchen::domain_event a;
  a.sequence = 18;
  kitchen::domain_event b;
  b.sequence = 19;
  const ojson page = events_page_json({a, b}, 17, true);
  EXPECT_EQ(page["events"].size(), 2u);
  EXPECT_EQ(page["lastSequence"], 19);
  EXPECT_EQ(page["more"], true);
}

}  // namespace
}  // namespace brigade::api
