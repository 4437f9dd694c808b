// The answers to other nodes' requests (remote_requests), as Node's
// @socket.io/redis-adapter 8 sends and reads them. The answers about real
// sockets are checked end to end in tests/integration/cluster-requests.test.mjs.

#include "cluster/remote_requests.hpp"

#include <future>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "http/io_pool.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::cluster {
namespace {

using socketio::json;

/// Two loops, a namespace on them, and the answers published on the home loop.
struct requests_fixture : ::testing::Test {
  http::io_pool pool{2};
  socketio::io_namespace nsp{"/", pool};
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> published;
  std::promise<void> first_answer;
  remote_requests requests{pool.at(0).context(), "brgd01", "socket.io", [this](std::string channel, std::string payload) {
                             std::lock_guard lock(mutex);
                             published.emplace_back(std::move(channel), std::move(payload));
                             if (published.size() == 1) first_answer.set_value();
                           }};

  requests_fixture() { pool.start(); }
  ~requests_fixture() override {
    pool.stop();
    pool.join();
  }

  /// Answers on the home loop, as the adapter does.
  void answer(json request) {
    boost::asio::post(pool.at(0).context(), [this, request = std::move(request)] { requests.answer(nsp, request); });
  }
  std::pair<std::string, std::string> await_first() {
    EXPECT_EQ(first_answer.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
    std::lock_guard lock(mutex);
    return published.at(0);
  }
  /// Lets every loop finish what was posted, then says how many answers went out.
  size_t settled_count() {
    for (int round = 0; round < 2; ++round) {
      for (size_t i = 0; i < pool.size(); ++i) {
        std::promise<void> turn;
        boost::asio::post(pool.at(i).context(), [&turn] { turn.set_value(); });
        turn.get_future().wait();
      }
    }
    std::lock_guard lock(mutex);
    return published.size();
  }
};

TEST(remote_request_decoding, reads_json_when_it_starts_with_a_brace_and_msgpack_otherwise) {
  const auto from_json = decode_request(R"({"uid":"abc","requestId":"r1","type":5,"opts":{"rooms":[],"except":[]}})");
  ASSERT_TRUE(from_json);
  EXPECT_EQ((*from_json)["type"], 5);
  const auto bytes = json::to_msgpack(json{{"uid", "abc"}, {"type", 7}, {"requestId", "r2"}});
  const auto from_msgpack = decode_request(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(from_msgpack);
  EXPECT_EQ((*from_msgpack)["requestId"], "r2");
}

TEST(remote_request_decoding, refuses_what_is_not_an_object) {
  EXPECT_FALSE(decode_request(""));
  EXPECT_FALSE(decode_request("{not json"));
  EXPECT_FALSE(decode_request("[1,2]"));
  EXPECT_FALSE(decode_request("\xc1"));  // never used in MessagePack
}

TEST(remote_request_decoding, turns_notepacks_undefined_into_null) {
  // {"data": [undefined]}: notepack writes undefined as fixext 1, type 0.
  const std::string bytes("\x81\xa4" "data" "\x91\xd4\x00\x00", 10);
  const auto request = decode_request(bytes);
  ASSERT_TRUE(request);
  EXPECT_EQ((*request)["data"], json::array({nullptr}));
}

TEST_F(requests_fixture, answers_sockets_and_all_rooms_on_the_requesters_own_channel) {
  answer(json{{"uid", "nodeA1"}, {"requestId", "q1"}, {"type", 0}, {"rooms", json::array()}});
  const auto [channel, payload] = await_first();
  EXPECT_EQ(channel, "socket.io-response#/#nodeA1#");
  EXPECT_EQ(json::parse(payload), (json{{"requestId", "q1"}, {"sockets", json::array()}}));

  answer(json{{"uid", "nodeA1"}, {"requestId", "q2"}, {"type", 1}});
  ASSERT_EQ(settled_count(), 2u);
  std::lock_guard lock(mutex);
  EXPECT_EQ(json::parse(published[1].second), (json{{"requestId", "q2"}, {"rooms", json::array()}}));
}

TEST_F(requests_fixture, answers_a_fetch_even_with_no_socket_here_so_the_requester_need_not_time_out) {
  answer(json{{"uid", "nodeA1"}, {"requestId", "q3"}, {"type", 5}, {"opts", {{"rooms", {"r1/kitchen"}}, {"except", json::array()}}}});
  const auto [channel, payload] = await_first();
  EXPECT_EQ(channel, "socket.io-response#/#nodeA1#");
  EXPECT_EQ(json::parse(payload), (json{{"requestId", "q3"}, {"sockets", json::array()}}));
}

TEST_F(requests_fixture, leaves_its_own_requests_and_a_join_for_a_socket_elsewhere_unanswered) {
  answer(json{{"uid", "brgd01"}, {"requestId", "q4"}, {"type", 0}, {"rooms", json::array()}});
  answer(json{{"uid", "nodeA1"}, {"requestId", "q5"}, {"type", 2}, {"sid", "not-here"}, {"room", "x"}});
  answer(json{{"uid", "nodeA1"}, {"requestId", "q6"}, {"type", 42}});
  answer(json{{"uid", "nodeA1"}, {"type", 5}});  // a fetch without opts
  EXPECT_EQ(settled_count(), 0u);
}

TEST_F(requests_fixture, runs_a_server_side_emit_and_publishes_one_ack_on_the_shared_channel) {
  std::promise<json> received;
  requests.on_server_side_emit("hello", [&received](const json& args, std::function<void(json)> ack) {
    received.set_value(args);
    ASSERT_TRUE(ack);
    ack(json{{"pong", true}});
    ack(json{{"pong", "again"}});  // a second answer is not sent
  });
  answer(json{{"uid", "nodeA1"}, {"requestId", "q7"}, {"type", 6}, {"data", {"hello", 1, "two"}}});
  const auto [channel, payload] = await_first();
  EXPECT_EQ(received.get_future().get(), json::array({1, "two"}));
  EXPECT_EQ(channel, "socket.io-response#/#");
  EXPECT_EQ(json::parse(payload), (json{{"type", 6}, {"requestId", "q7"}, {"data", {{"pong", true}}}}));
  EXPECT_EQ(settled_count(), 1u);
}

TEST_F(requests_fixture, a_server_side_emit_without_request_id_awaits_no_ack_and_unknown_events_are_ignored) {
  std::promise<bool> had_ack;
  requests.on_server_side_emit("tick", [&had_ack](const json&, std::function<void(json)> ack) {
    had_ack.set_value(static_cast<bool>(ack));
  });
  answer(json{{"uid", "nodeA1"}, {"type", 6}, {"data", {"unknown"}}});
  answer(json{{"uid", "nodeA1"}, {"type", 6}, {"data", {"tick"}}});
  EXPECT_FALSE(had_ack.get_future().get());
  EXPECT_EQ(settled_count(), 0u);
}

TEST_F(requests_fixture, a_broadcast_with_acks_to_no_socket_counts_zero_clients) {
  answer(json{{"uid", "nodeA1"},
              {"requestId", "q8"},
              {"type", 7},
              {"packet", {{"type", 2}, {"data", {"ping"}}, {"nsp", "/"}}},
              {"opts", {{"rooms", json::array()}, {"except", json::array()}, {"flags", {{"timeout", 1000}}}}}});
  const auto [channel, payload] = await_first();
  EXPECT_EQ(channel, "socket.io-response#/#nodeA1#");
  EXPECT_EQ(json::parse(payload), (json{{"type", 8}, {"requestId", "q8"}, {"clientCount", 0}}));
}

}  // namespace
}  // namespace brigade::cluster
