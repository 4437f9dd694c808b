// redis_connection against a real redis-server: publish and subscribe
// (binary-safe, channels and patterns), what happens while Redis is away and
// after it returns, and the URL forms.
#include "cluster/redis_connection.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "redis_server.hpp"

namespace brigade::cluster {
namespace {

using namespace std::chrono_literals;
using testing::redis_server;

/// Runs the loop until `done` holds; false after `timeout`.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.restart();
    io.run_one_for(10ms);
  }
  return true;
}

redis_endpoint endpoint_of(const std::string& url) {
  auto parsed = redis_endpoint::parse(url);
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return *parsed;
}

/// A connection that remembers whether it is up.
struct watched_connection {
  bool up = false;
  redis_connection connection;
  watched_connection(boost::asio::io_context& io, const std::string& url)
      : connection(io, endpoint_of(url), [this](bool now) { up = now; }) {}
};

/// Starts it and runs the loop until it is up, its subscriptions confirmed.
bool bring_up(boost::asio::io_context& io, watched_connection& c) {
  c.connection.start();
  return run_until(io, [&] { return c.up; });
}

struct received {
  std::string channel;
  std::string payload;
};

class redis_connection_test : public ::testing::Test {
 protected:
  boost::asio::io_context io_;
  redis_server redis_;
};

TEST_F(redis_connection_test, a_subscriber_receives_what_a_publisher_sends_byte_for_byte) {
  std::vector<received> got;
  watched_connection sub(io_, redis_.unix_url());
  sub.connection.subscribe("socket.io#/#", [&](std::string_view c, std::string_view p) {
    got.push_back({std::string(c), std::string(p)});
  });
  ASSERT_TRUE(bring_up(io_, sub));
  watched_connection publisher(io_, redis_.unix_url());
  ASSERT_TRUE(bring_up(io_, publisher));
  auto& pub = publisher.connection;

  const std::string binary("\x93\xa6" "abc\0def" "\xff\x00\x01", 13);
  ASSERT_TRUE(pub.publish("socket.io#/#", binary));
  ASSERT_TRUE(pub.publish("socket.io#/#", ""));
  ASSERT_TRUE(pub.publish("another", "not for us"));
  ASSERT_TRUE(run_until(io_, [&] { return got.size() == 2; }));
  EXPECT_EQ(got[0].channel, "socket.io#/#");
  EXPECT_EQ(got[0].payload, binary);
  EXPECT_EQ(got[1].payload, "");
  EXPECT_EQ(pub.dropped(), 0u);
}

TEST_F(redis_connection_test, a_pattern_subscription_hears_each_matching_channel_by_its_name) {
  std::vector<received> got;
  watched_connection sub(io_, redis_.unix_url());
  sub.connection.psubscribe("socket.io#/#*", [&](std::string_view c, std::string_view p) {
    got.push_back({std::string(c), std::string(p)});
  });
  ASSERT_TRUE(bring_up(io_, sub));
  watched_connection publisher(io_, redis_.unix_url());
  ASSERT_TRUE(bring_up(io_, publisher));
  auto& pub = publisher.connection;

  pub.publish("socket.io#/#kitchen:1#", "one");
  pub.publish("socket.io#/admin#", "other namespace");
  pub.publish("socket.io#/#", "everyone");
  ASSERT_TRUE(run_until(io_, [&] { return got.size() == 2; }));
  EXPECT_EQ(got[0].channel, "socket.io#/#kitchen:1#");
  EXPECT_EQ(got[0].payload, "one");
  EXPECT_EQ(got[1].channel, "socket.io#/#");
  EXPECT_EQ(got[1].payload, "everyone");
}

TEST_F(redis_connection_test, publishing_while_down_is_dropped_and_counted) {
  redis_connection pub(io_, endpoint_of(redis_.unix_url()));
  EXPECT_FALSE(pub.connected());
  EXPECT_FALSE(pub.publish("c", "before start"));
  EXPECT_EQ(pub.dropped(), 1u);
}

TEST_F(redis_connection_test, after_redis_dies_and_returns_the_subscriptions_come_back) {
  std::vector<std::string> got;
  std::vector<bool> states;
  redis_connection sub(io_, endpoint_of(redis_.unix_url()), [&](bool up) { states.push_back(up); });
  sub.subscribe("bus", [&](std::string_view, std::string_view p) { got.emplace_back(p); });
  sub.start();
  ASSERT_TRUE(run_until(io_, [&] { return states == std::vector<bool>{true}; }));

  redis_.kill();
  ASSERT_TRUE(run_until(io_, [&] { return states.size() == 2; }));
  EXPECT_FALSE(states[1]);
  EXPECT_FALSE(sub.connected());
  // Failed attempts while it is away, then it is back on the same socket.
  io_.restart();
  io_.run_for(300ms);
  redis_.start();
  ASSERT_TRUE(run_until(io_, [&] { return states.size() == 3; }));
  EXPECT_TRUE(states[2]);
  EXPECT_EQ(sub.reconnections(), 1u);

  watched_connection publisher(io_, redis_.unix_url());
  ASSERT_TRUE(bring_up(io_, publisher));
  publisher.connection.publish("bus", "after the restart");
  ASSERT_TRUE(run_until(io_, [&] { return got.size() == 1; }));
  EXPECT_EQ(got[0], "after the restart");
}

TEST_F(redis_connection_test, stop_ends_the_connection_without_a_callback) {
  int calls = 0;
  auto sub = std::make_unique<redis_connection>(io_, endpoint_of(redis_.unix_url()), [&](bool) { ++calls; });
  sub->subscribe("bus", [](std::string_view, std::string_view) {});
  sub->start();
  ASSERT_TRUE(run_until(io_, [&] { return calls == 1; }));
  sub->stop();
  EXPECT_FALSE(sub->connected());
  sub.reset();  // waits still queued in the loop must not touch it
  io_.restart();
  io_.run_for(200ms);
  EXPECT_EQ(calls, 1);
}

TEST(redis_connection_tcp, connects_over_loopback_tcp) {
  boost::asio::io_context io;
  redis_server redis(testing::free_loopback_port());
  std::vector<std::string> got;
  const std::string url = "redis://127.0.0.1:" + std::to_string(redis.tcp_port());
  watched_connection sub(io, url);
  sub.connection.subscribe("bus", [&](std::string_view, std::string_view p) { got.emplace_back(p); });
  ASSERT_TRUE(bring_up(io, sub));
  watched_connection publisher(io, url);
  ASSERT_TRUE(bring_up(io, publisher));
  publisher.connection.publish("bus", "over tcp");
  ASSERT_TRUE(run_until(io, [&] { return got.size() == 1; }));
  EXPECT_EQ(got[0], "over tcp");
}

TEST(redis_endpoint, reads_the_url_forms_and_refuses_the_rest) {
  const auto tcp = redis_endpoint::parse("redis://10.0.0.5:6380");
  ASSERT_TRUE(tcp);
  EXPECT_EQ(tcp->host, "10.0.0.5");
  EXPECT_EQ(tcp->port, 6380);
  EXPECT_EQ(tcp->to_string(), "redis://10.0.0.5:6380");
  const auto plain = redis_endpoint::parse("redis://redis.internal/0");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->host, "redis.internal");
  EXPECT_EQ(plain->port, 6379);
  const auto v6 = redis_endpoint::parse("redis://[::1]:7000");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 7000);
  EXPECT_EQ(v6->to_string(), "redis://[::1]:7000");
  const auto unix_socket = redis_endpoint::parse("unix:///run/redis/redis.sock");
  ASSERT_TRUE(unix_socket);
  EXPECT_EQ(unix_socket->unix_path, "/run/redis/redis.sock");

  for (const char* bad : {"http://x", "redis://", "redis://:6379", "redis://h:0", "redis://h:70000", "redis://h:12ab",
                          "redis://user:pw@h", "redis://h/3", "unix://relative.sock", "redis://[::1"}) {
    const auto parsed = redis_endpoint::parse(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, "bad_adapter_url") << bad;
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos) << parsed.error().message;
  }
}

}  // namespace
}  // namespace brigade::cluster
