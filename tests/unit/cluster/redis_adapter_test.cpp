// The Redis adapter's messages: what Node's @socket.io/redis-adapter
// publishes reads back, and what Brigade publishes reads back the same.
// (tests/integration/cluster-node.test.mjs runs both in one cluster.)
#include "cluster/redis_adapter.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace brigade::cluster {
namespace {

using socketio::json;

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return bytes;
}

// notepack.io 3.0.1 (the Node adapter's parser), printed by
//   node -e 'console.log(require("notepack.io").encode(["abc123", {type: 2, data: ["hello",
//     {a: 1, b: [true, null, 1.5]}, Buffer.from([1, 2, 3]), undefined], nsp: "/"},
//     {rooms: ["r1/kitchen", 7], except: ["r1/waiters"], flags: {volatile: true}}]).toString("hex"))'
constexpr std::string_view kFromNode =
    "93a661626331323383a47479706502a46461746194a568656c6c6f82a16101a16293c3c0cb3ff8000000000000c403010203c0a36e7370a1"
    "2f83a5726f6f6d7392aa72312f6b69746368656e07a665786365707491aa72312f77616974657273a5666c61677381a8766f6c6174696c"
    "65c3";

TEST(redis_adapter_message, reads_what_the_node_adapter_publishes) {
  const auto m = redis_adapter::decode(from_hex(kFromNode));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->uid, "abc123");
  EXPECT_EQ(m->nsp, "/");
  ASSERT_EQ(m->data.size(), 4u);
  EXPECT_EQ(m->data[0], "hello");
  EXPECT_EQ(m->data[1]["a"], 1);
  EXPECT_EQ(m->data[1]["b"].dump(), "[true,null,1.5]");
  ASSERT_TRUE(m->data[2].is_binary());
  const std::vector<uint8_t>& buffer = m->data[2].get_binary();
  EXPECT_EQ(buffer, (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_TRUE(m->data[3].is_null());
  EXPECT_EQ(m->rooms, (std::vector<std::string>{"r1/kitchen", "7"}));
  EXPECT_EQ(m->except, (std::vector<std::string>{"r1/waiters"}));
  EXPECT_FALSE(m->offset.has_value());
  EXPECT_FALSE(m->from_brigade);  // a Node.js server's
}

TEST(redis_adapter_message, what_brigade_publishes_reads_back_with_its_offset_apart) {
  json data = json::array({"order:new", json{{"orderId", 42}, {"total", 12.5}}});
  data.push_back(json::binary({9, 8, 7}));
  const auto bytes = redis_adapter::encode("node01", "/", {"r1/kitchen", "r1/waiters"}, {"r1/table:3"}, data,
                                           socketio::event_offset{1234, 2});
  const auto m = redis_adapter::decode(bytes);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->uid, "node01");
  EXPECT_EQ(m->nsp, "/");
  EXPECT_EQ(m->data, data);
  EXPECT_EQ(m->rooms, (std::vector<std::string>{"r1/kitchen", "r1/waiters"}));
  EXPECT_EQ(m->except, (std::vector<std::string>{"r1/table:3"}));
  ASSERT_TRUE(m->offset.has_value());
  EXPECT_EQ(*m->offset, (socketio::event_offset{1234, 2}));

  // The shape Node's adapter reads: [uid, {type, data, nsp}, {rooms, except, flags}].
  const json raw = json::from_msgpack(bytes);
  ASSERT_EQ(raw.size(), 3u);
  EXPECT_EQ(raw[1]["type"], 2);
  EXPECT_EQ(raw[1]["nsp"], "/");
  EXPECT_EQ(raw[2]["flags"]["brigadeOffset"], "1234.2");
  EXPECT_EQ(raw[2]["flags"]["brigade"], true);
  EXPECT_TRUE(m->from_brigade);
  EXPECT_FALSE(redis_adapter::decode(redis_adapter::encode("n", "/", {}, {}, data, std::nullopt))->offset.has_value());
}

TEST(redis_adapter_message, long_names_and_many_rooms_take_the_larger_headers_and_read_back) {
  // 31 and 32 characters (fixstr, then str 8), 300 (str 16), 70 000 (str 32);
  // 15 and 16 rooms (fixarray, then array 16).
  for (const size_t length : {31u, 32u, 255u, 256u, 300u, 70'000u}) {
    for (const size_t count : {15u, 16u}) {
      const std::vector<std::string> rooms(count, std::string(length, 'r'));
      const json data = json::array({std::string(length, 'e'), 1});
      const auto m = redis_adapter::decode(redis_adapter::encode("node01", std::string(length, 'n'), rooms, rooms, data,
                                                                 std::nullopt));
      ASSERT_TRUE(m.has_value()) << length << " " << count;
      EXPECT_EQ(m->nsp.size(), length);
      EXPECT_EQ(m->rooms, rooms);
      EXPECT_EQ(m->except, rooms);
      EXPECT_EQ(m->data, data);
    }
  }
}

TEST(redis_adapter_message, a_packet_without_options_goes_to_everyone_in_the_root_namespace) {
  json message = json::array({"xyz789", json{{"type", 2}, {"data", json::array({"ping"})}}});
  const auto bytes = json::to_msgpack(message);
  const auto m = redis_adapter::decode(std::string(bytes.begin(), bytes.end()));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->nsp, "/");
  EXPECT_TRUE(m->rooms.empty());
  EXPECT_TRUE(m->except.empty());
}

TEST(redis_adapter_message, refuses_what_is_not_a_broadcast_event) {
  const auto packed = [](const json& value) {
    const auto bytes = json::to_msgpack(value);
    return std::string(bytes.begin(), bytes.end());
  };
  const json event = json{{"type", 2}, {"data", json::array({"e"})}, {"nsp", "/"}};
  EXPECT_FALSE(redis_adapter::decode("").has_value());
  EXPECT_FALSE(redis_adapter::decode("\xc1 not msgpack").has_value());
  EXPECT_FALSE(redis_adapter::decode(from_hex(kFromNode).substr(0, 20)).has_value());  // cut short
  EXPECT_FALSE(redis_adapter::decode(packed(json{{"uid", "x"}})).has_value());
  EXPECT_FALSE(redis_adapter::decode(packed(json::array({7, event}))).has_value());
  json ack = event;
  ack["type"] = 3;
  EXPECT_FALSE(redis_adapter::decode(packed(json::array({"x", ack}))).has_value());
  json nameless = event;
  nameless["data"] = json::array({1, 2});
  EXPECT_FALSE(redis_adapter::decode(packed(json::array({"x", nameless}))).has_value());
  json no_data = event;
  no_data["data"] = json::array();
  EXPECT_FALSE(redis_adapter::decode(packed(json::array({"x", no_data}))).has_value());
  EXPECT_FALSE(redis_adapter::decode(packed(json::array({"x", event, json{{"rooms", json::array({json::object()})}}})))
                   .has_value());
  EXPECT_FALSE(redis_adapter::decode(packed(json::array({"x", event, json{{"except", "r1"}}}))).has_value());
  EXPECT_TRUE(redis_adapter::decode(packed(json::array({"x", event, json{{"rooms", json::array({"r1"})}}}))).has_value());
}

}  // namespace
}  // namespace brigade::cluster
