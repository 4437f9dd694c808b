#include "realtime/room_request.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "realtime/socket_identity.hpp"

namespace brigade::realtime {
namespace {

using ojson = nlohmann::ordered_json;

ojson args(ojson payload) { return ojson::array({std::move(payload)}); }

void expect_validation(const result<room>& r, std::string_view field) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "validation");
  bool named = false;
  for (const auto& [key, value] : r.error().details) named = named || (key == "field" && value == field);
  EXPECT_TRUE(named) << r.error().message;
}

TEST(RoomRequest, there_is_a_join_and_a_leave_for_each_room_kind) {
  std::set<std::string> names;
  for (const auto& c : room_commands()) names.insert(std::string(c.event));
  EXPECT_EQ(names, (std::set<std::string>{"join:kitchen", "leave:kitchen", "join:waiters", "leave:waiters",
                                          "join:table", "leave:table", "join:order", "leave:order"}));
}

TEST(RoomRequest, kitchen_and_waiters_take_nothing_null_or_an_empty_object) {
  for (auto kind : {room_kind::kitchen, room_kind::waiters}) {
    EXPECT_EQ(*parse_room_request(kind, ojson::array()), (room{kind, 0}));
    EXPECT_EQ(*parse_room_request(kind, args(nullptr)), (room{kind, 0}));
    EXPECT_EQ(*parse_room_request(kind, args(ojson::object())), (room{kind, 0}));
    expect_validation(parse_room_request(kind, args("kitchen")), "payload");
    expect_validation(parse_room_request(kind, args({{"station", 1}})), "payload");
  }
}

TEST(RoomRequest, unknown_fields_are_refused) {
  expect_validation(parse_room_request(room_kind::table, args({{"tableId", 3}, {"extra", 1}})), "extra");
  expect_validation(parse_room_request(room_kind::order, args({{"orderId", 3}, {"tableId", 1}})), "tableId");
}

TEST(RoomRequest, table_and_order_take_a_positive_integer_id) {
  EXPECT_EQ(*parse_room_request(room_kind::table, args({{"tableId", 12}})), room::table(12));
  EXPECT_EQ(*parse_room_request(room_kind::order, args({{"orderId", 42}})), room::order(42));
}

TEST(RoomRequest, a_missing_or_malformed_id_names_its_field) {
  expect_validation(parse_room_request(room_kind::table, ojson::array()), "tableId");
  expect_validation(parse_room_request(room_kind::table, args(12)), "tableId");
  expect_validation(parse_room_request(room_kind::table, args(ojson::object())), "tableId");
  expect_validation(parse_room_request(room_kind::table, args({{"tableId", nullptr}})), "tableId");
  expect_validation(parse_room_request(room_kind::table, args({{"tableId", "12"}})), "tableId");
  expect_validation(parse_room_request(room_kind::table, args({{"tableId", 12.5}})), "tableId");
  expect_validation(parse_room_request(room_kind::table, args({{"tableId", 0}})), "tableId");
  expect_validation(parse_room_request(room_kind::table, ojson::parse(R"([{"tableId":0}])")), "tableId");
  expect_validation(parse_room_request(room_kind::table, args({{"tableId", -3}})), "tableId");
  expect_validation(parse_room_request(room_kind::order, args({{"orderId", 18446744073709551615ULL}})), "orderId");
  expect_validation(parse_room_request(room_kind::order, args({{"tableId", 1}})), "orderId");
}

TEST(SocketIdentity, the_token_is_a_non_empty_string_in_auth) {
  EXPECT_EQ(*handshake_token(ojson{{"token", "a.b.c"}}), "a.b.c");
  for (const ojson& auth : {ojson(), ojson::object(), ojson{{"token", ""}}, ojson{{"token", 5}}, ojson("waiter1")}) {
    auto token = handshake_token(auth);
    ASSERT_FALSE(token.ok()) << auth.dump();
    EXPECT_EQ(token.error().code, "token_missing");
  }
}

}  // namespace
}  // namespace brigade::realtime
