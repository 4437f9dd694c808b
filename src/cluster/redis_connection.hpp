#pragma once

// One connection to Redis driven by an event loop: hiredis's asynchronous
// context, its socket watched by the loop's reactor, so publishing and
// receiving never block the loop. The cluster bus (docs/cluster.md) holds two:
// one publishes, one is subscribed (a subscribed Redis connection may send
// nothing else).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/result.hpp"

struct redisAsyncContext;

namespace brigade::cluster {

/// Where Redis listens: `redis://host[:port]` (port 6379 by default) or
/// `unix:///path/to/redis.sock`.
struct redis_endpoint {
  std::string host;
  uint16_t port = 6379;
  std::string unix_path;  // set for a Unix socket; host and port are then unused

  static result<redis_endpoint> parse(std::string_view url);
  std::string to_string() const;
};

/// A connection that comes back by itself: when Redis goes away it retries
/// with a doubling delay (100 ms up to 5 s) and, once connected again,
/// subscribes again to everything it was subscribed to. What is published
/// while it is down is dropped and counted: the bus carries announcements,
/// and the screens recover what they missed from the store.
///
/// Thread-safety: none. Construct, call and destroy it on the thread running
/// `io`; every callback runs there too.
class redis_connection {
 public:
  /// A message: the channel it came on (for a pattern, the matching channel)
  /// and its payload, binary-safe.
  using message_handler = std::function<void(std::string_view channel, std::string_view payload)>;
  /// Told `true` each time the connection is up and Redis has confirmed its
  /// subscriptions, `false` each time it is lost.
  using state_handler = std::function<void(bool connected)>;

  redis_connection(boost::asio::io_context& io, redis_endpoint where, state_handler on_state = {});
  ~redis_connection();
  redis_connection(const redis_connection&) = delete;
  redis_connection& operator=(const redis_connection&) = delete;

  /// Connects, and keeps reconnecting until stop().
  void start();
  /// Disconnects for good; no callback runs afterwards.
  void stop();

  bool connected() const noexcept { return connected_; }

  /// PUBLISH, fire and forget. False (and counted in dropped()) when not
  /// connected.
  bool publish(std::string_view channel, std::string_view payload);
  /// PUBSUB NUMSUB: how many connections are subscribed to `channel`,
  /// handed to `on_count` (nullopt when not connected or the connection
  /// drops before the answer). Not on a subscribed connection.
  void count_subscribers(std::string_view channel, std::function<void(std::optional<int64_t>)> on_count);
  /// SUBSCRIBE / PSUBSCRIBE, now if connected and after every reconnection.
  /// A connection that subscribes may not publish.
  void subscribe(std::string channel, message_handler on_message);
  void psubscribe(std::string pattern, message_handler on_message);

  uint64_t dropped() const noexcept { return dropped_; }
  uint64_t reconnections() const noexcept { return reconnections_; }
  const redis_endpoint& endpoint() const noexcept { return where_; }

 private:
  struct subscription {
    bool pattern;
    std::string name;
    message_handler on_message;
    redis_connection* owner;
  };

  void connect();
  void retry_later();
  void send_subscription(subscription& s);
  void on_connected(int status);
  void on_disconnected();
  void forget_context();

  // hiredis's event hooks (ac->ev): it asks when it wants to read or write.
  void want_read(bool on);
  void want_write(bool on);
  void arm_read();
  void arm_write();

  static void on_subscription_reply(redisAsyncContext* ac, void* reply, void* privdata);

  boost::asio::io_context& io_;
  redis_endpoint where_;
  state_handler on_state_;
  boost::asio::posix::stream_descriptor socket_;
  boost::asio::steady_timer retry_timer_;
  redisAsyncContext* context_ = nullptr;
  uint64_t generation_ = 0;  // bumped when a context goes: late wake-ups of the old one are ignored
  bool reading_ = false, writing_ = false;        // a wait is pending
  bool read_wanted_ = false, write_wanted_ = false;
  bool running_ = false;
  bool connected_ = false;
  bool ever_connected_ = false;
  size_t unconfirmed_ = 0;  // subscriptions sent since connecting and not yet confirmed
  std::chrono::milliseconds backoff_{100};
  uint64_t dropped_ = 0;
  uint64_t reconnections_ = 0;
  // By name; the map's nodes do not move, so hiredis keeps their addresses.
  std::map<std::string, std::unique_ptr<subscription>> subscriptions_;
  // Wake-ups still queued in the loop after this object is gone see it expired.
  std::shared_ptr<const bool> alive_ = std::make_shared<const bool>(true);
};

}  // namespace brigade::cluster
