#include "api/request_decoding.hpp"

#include <string>

#include <gtest/gtest.h>

namespace brigade::api {
namespace {

using nlohmann::json;

std::string field_of(const error& e) {
  for (const auto& [name, value] : e.details) {
    if (name == "field") return value;
  }
  return "<none>";
}

json good_order() {
  return json::parse(R"({"tableId":3,"notes":"window","items":[
    {"menuItemId":10,"quantity":2,"notes":"no onions"},{"menuItemId":11,"quantity":1}]})");
}

TEST(DecodeCreateOrder, ReadsEveryField) {
  const auto command = decode_create_order(good_order());
  ASSERT_TRUE(command.ok()) << command.error().message;
  EXPECT_EQ(command->table, 3);
  EXPECT_EQ(command->notes, "window");
  ASSERT_EQ(command->items.size(), 2u);
  EXPECT_EQ(command->items[0].menu_item, 10);
  EXPECT_EQ(command->items[0].quantity, 2);
  EXPECT_EQ(command->items[0].notes, "no onions");
  EXPECT_EQ(command->items[1].notes, "");
  EXPECT_TRUE(command->idempotency_key.empty());
}

TEST(DecodeCreateOrder, NamesTheFirstBadField) {
  struct bad_case {
    const char* json_text;
    const char* field;
  };
  const bad_case cases[] = {
      {R"({"items":[{"menuItemId":1,"quantity":1}]})", "tableId"},
      {R"({"tableId":"one","items":[{"menuItemId":1,"quantity":1}]})", "tableId"},
      {R"({"tableId":1.5,"items":[{"menuItemId":1,"quantity":1}]})", "tableId"},
      {R"({"tableId":1})", "items"},
      {R"({"tableId":1,"items":[]})", "items"},
      {R"({"tableId":1,"items":{}})", "items"},
      {R"({"tableId":1,"items":[5]})", "items[0]"},
      {R"({"tableId":1,"items":[{"quantity":1}]})", "items[0].menuItemId"},
      {R"({"tableId":1,"items":[{"menuItemId":1,"quantity":1},{"menuItemId":0,"quantity":1}]})",
       "items[1].menuItemId"},
      {R"({"tableId":1,"items":[{"menuItemId":1}]})", "items[0].quantity"},
      {R"({"tableId":1,"items":[{"menuItemId":1,"quantity":0}]})", "items[0].quantity"},
      {R"({"tableId":1,"items":[{"menuItemId":1,"quantity":100}]})", "items[0].quantity"},
      {R"({"tableId":1,"items":[{"menuItemId":1,"quantity":1.5}]})", "items[0].quantity"},
      {R"({"tableId":1,"items":[{"menuItemId":1,"quantity":1,"notes":7}]})", "items[0].notes"},
      {R"({"tableId":1,"items":[{"menuItemId":1,"quantity":1}],"notes":[]})", "notes"},
  };
  for (const auto& c : cases) {
    const auto command = decode_create_order(json::parse(c.json_text));
    ASSERT_FALSE(command.ok()) << c.json_text;
    EXPECT_EQ(command.error().code, "validation") << c.json_text;
    EXPECT_EQ(field_of(command.error()), c.field) << c.json_text;
  }
}

TEST(DecodeCreateOrder, EnforcesTheDocumentedLengthAndCountLimits) {
  auto body = good_order();
  body["items"][1]["notes"] = std::string(kitchen::kMaxItemNotes + 1, 'n');
  EXPECT_EQ(field_of(decode_create_order(body).error()), "items[1].notes");

  body = good_order();
  body["notes"] = std::string(kitchen::kMaxOrderNotes + 1, 'n');
  EXPECT_EQ(field_of(decode_create_order(body).error()), "notes");

  body = good_order();
  body["items"] = json::array();
  for (size_t i = 0; i <= kitchen::kMaxItemsPerCommand; ++i)
    body["items"].push_back({{"menuItemId", 1}, {"quantity", 1}});
  EXPECT_EQ(field_of(decode_create_order(body).error()), "items");
}

TEST(DecodeBodies, StatusPriorityReasonAndStation) {
  EXPECT_EQ(*decode_order_status(json{{"status", "served"}}), kitchen::order_status::served);
  EXPECT_EQ(field_of(decode_order_status(json{{"status", "eaten"}}).error()), "status");
  EXPECT_EQ(field_of(decode_order_status(json::object()).error()), "status");
  EXPECT_EQ(*decode_item_status(json{{"status", "ready"}}), kitchen::item_status::ready);
  EXPECT_EQ(field_of(decode_item_status(json{{"status", 3}}).error()), "status");
  EXPECT_EQ(*decode_priority(json{{"priority", "vip"}}), kitchen::ticket_priority::vip);
  EXPECT_EQ(field_of(decode_priority(json{{"priority", "urgent"}}).error()), "priority");
  EXPECT_EQ(*decode_reason(json{{"reason", "guest left"}}), "guest left");
  EXPECT_EQ(field_of(decode_reason(json{{"reason", ""}}).error()), "reason");
  EXPECT_EQ(field_of(decode_reason(json{{"reason", std::string(kitchen::kMaxReason + 1, 'r')}}).error()),
            "reason");
  EXPECT_EQ(*decode_station(json{{"stationId", 4}}), 4);
  EXPECT_EQ(field_of(decode_station(json{{"stationId", "4"}}).error()), "stationId");
  const auto items = decode_add_items(json::parse(R"({"items":[{"menuItemId":2,"quantity":3}]})"));
  ASSERT_TRUE(items.ok());
  EXPECT_EQ((*items)[0].quantity, 3);
  EXPECT_EQ(field_of(decode_add_items(json::parse(R"({"items":[{"menuItemId":2}]})")).error()),
            "items[0].quantity");
}

TEST(DecodeOrderQuery, DefaultsAndFilters) {
  auto q = decode_order_query("");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, kDefaultOrderLimit);
  EXPECT_FALSE(q->status || q->table || q->before);

  q = decode_order_query("status=ready&tableId=4&limit=200&cursor=" + encode_cursor(77) +
                         "&other=x");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->status, kitchen::order_status::ready);
  EXPECT_EQ(q->table, 4);
  EXPECT_EQ(q->limit, 200);
  EXPECT_EQ(q->before, 77);

  q = decode_order_query("status=&limit=");
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q->status);
  EXPECT_EQ(q->limit, kDefaultOrderLimit);
}

TEST(DecodeOrderQuery, NamesTheBadParameter) {
  const std::pair<const char*, const char*> cases[] = {
      {"limit=0", "limit"},     {"limit=201", "limit"},   {"limit=x", "limit"},
      {"limit=5x", "limit"},    {"limit=-1", "limit"},    {"status=eaten", "status"},
      {"tableId=x", "tableId"}, {"tableId=0", "tableId"}, {"cursor=%%%", "cursor"},
      {"cursor=-5", "cursor"},
  };
  for (const auto& [query, field] : cases) {
    const auto q = decode_order_query(query);
    ASSERT_FALSE(q.ok()) << query;
    EXPECT_EQ(q.error().code, "validation");
    EXPECT_EQ(field_of(q.error()), field) << query;
  }
}

TEST(DecodeTicketQuery, StatusAndStation) {
  auto q = decode_ticket_query("status=acknowledged&stationId=2");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->status, kitchen::ticket_status::acknowledged);
  EXPECT_EQ(q->station, 2);
  EXPECT_FALSE(decode_ticket_query("").value().status.has_value());
  EXPECT_EQ(field_of(decode_ticket_query("status=served").error()), "status");
  EXPECT_EQ(field_of(decode_ticket_query("stationId=grill").error()), "stationId");
}

TEST(DecodeTicketQuery, LimitIsOptionalAndBounded) {
  // Absent (or empty) leaves the choice to the domain: all open tickets, a
  // page of completed ones.
  EXPECT_FALSE(decode_ticket_query("status=completed").value().limit.has_value());
  EXPECT_FALSE(decode_ticket_query("status=completed&limit=").value().limit.has_value());
  EXPECT_EQ(decode_ticket_query("status=completed&limit=5").value().limit, 5);
  EXPECT_EQ(decode_ticket_query("limit=200").value().limit, 200);
  for (const char* bad : {"limit=0", "limit=201", "limit=-1", "limit=ten", "limit=5x"}) {
    const auto q = decode_ticket_query(bad);
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(field_of(q.error()), "limit") << bad;
  }
}

TEST(DecodeEventsQuery, AfterFromZeroAndBoundedLimit) {
  auto q = decode_events_query("");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->after, 0u);
  EXPECT_EQ(q->limit, kDefaultEventLimit);
  q = decode_events_query("after=41&limit=1000");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->after, 41u);
  EXPECT_EQ(q->limit, 1000u);
  EXPECT_EQ(field_of(decode_events_query("after=-1").error()), "after");
  EXPECT_EQ(field_of(decode_events_query("after=x").error()), "after");
  EXPECT_EQ(field_of(decode_events_query("limit=0").error()), "limit");
  EXPECT_EQ(field_of(decode_events_query("limit=1001").error()), "limit");
}

}  // namespace
}  // namespace brigade::api
