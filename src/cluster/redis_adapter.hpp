#pragma once

// The cluster bus over Redis pub/sub, in the wire format of Node's
// @socket.io/redis-adapter 8 ("classic"), so Brigade nodes and Node.js
// Socket.IO servers can share one cluster (docs/cluster.md).

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "cluster/redis_connection.hpp"
#include "cluster/remote_requests.hpp"
#include "socketio/cluster_port.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::cluster {

/// One node's end of the bus: it publishes each broadcast of an attached
/// namespace to `<prefix>#<nsp>#` (or `<prefix>#<nsp>#<room>#` when it has
/// exactly one room) as MessagePack `[uid, packet, {rooms, except, flags}]`,
/// and delivers to its own sockets what the other nodes publish there. Its
/// own messages come back from Redis too and are recognised by `uid`.
/// It listens on `<prefix>-request#<nsp>#` too, so the other nodes count it
/// among the cluster's servers and it answers their requests
/// (remote_requests.hpp), and it counts the servers itself the same way.
///
/// Thread-safety: `attach` during set-up, before `start`; `publish` from any
/// thread; `start`, `stop` and the Redis connections on the `home` loop's
/// thread (start and stop post there); `connected` and the counters anywhere.
class redis_adapter final : public socketio::cluster_port {
 public:
  redis_adapter(boost::asio::io_context& home, redis_endpoint where, std::string prefix = "socket.io");
  ~redis_adapter() override;

  /// Publishes `nsp`'s broadcasts, delivers the cluster's to it and answers
  /// the other nodes' requests about its sockets. Set-up only.
  void attach(socketio::io_namespace& nsp);
  /// This node shares its store with the other Brigade nodes: their
  /// broadcasts are left aside, as their events are announced here from
  /// the store (docs/cluster.md, "Which node announces what"). Set-up only.
  void share_store_with_brigade_nodes() noexcept { store_shared_ = true; }
  /// Runs `handler` when another node emits `event` to the servers
  /// (socket.io's `serverSideEmit`). Set-up only.
  void on_server_side_emit(std::string event, remote_requests::server_side_handler handler) {
    requests_.on_server_side_emit(std::move(event), std::move(handler));
  }
  void start();
  /// Stops on the home loop and waits for it (call from another thread, or
  /// with the loop already stopped).
  void stop();

  void publish(const socketio::io_namespace& nsp, const std::vector<std::string>& rooms,
               const std::vector<std::string>& except, const socketio::json& data,
               const std::optional<socketio::event_offset>& offset) override;

  /// Both connections up, subscriptions confirmed.
  bool connected() const noexcept { return publisher_up_ && subscriber_up_; }
  const std::string& uid() const noexcept { return uid_; }
  /// The servers of the cluster, this one included, as Redis counted the
  /// listeners of the first attached namespace's request channel (as Node's
  /// `serverCount()`), at most a few seconds ago; 0 before the first count.
  int64_t server_count() const noexcept { return server_count_; }
  /// Requests of other nodes this node answered.
  uint64_t answered() const noexcept { return requests_.answered(); }
  uint64_t published() const noexcept { return published_; }
  uint64_t delivered() const noexcept { return delivered_; }
  uint64_t malformed() const noexcept { return malformed_; }
  /// Broadcasts not published because Redis was away.
  uint64_t dropped() const noexcept { return dropped_; }

  /// The message for a broadcast, as the Node adapter encodes it. Pure.
  static std::string encode(std::string_view uid, std::string_view nsp, const std::vector<std::string>& rooms,
                            const std::vector<std::string>& except, const socketio::json& data,
                            const std::optional<socketio::event_offset>& offset);
  /// A message read back; nullopt when it is not a broadcast we understand.
  struct message {
    std::string uid;
    std::string nsp;
    socketio::json data;
    std::vector<std::string> rooms;
    std::vector<std::string> except;
    std::optional<socketio::event_offset> offset;
    /// Published by a Brigade node (flags.brigade).
    bool from_brigade = false;
  };
  static std::optional<message> decode(std::string_view bytes);

 private:
  void receive(std::string_view channel, std::string_view payload);
  void receive_request(socketio::io_namespace& nsp, std::string_view payload);
  /// Counts the servers now, and again every few seconds. On the home loop.
  void count_servers();

  boost::asio::io_context& home_;
  std::string prefix_;
  std::string uid_;
  std::map<std::string, socketio::io_namespace*, std::less<>> namespaces_;
  redis_connection publisher_;
  redis_connection subscriber_;
  remote_requests requests_;
  std::string count_channel_;  // the request channel whose listeners are the servers
  boost::asio::steady_timer count_timer_;
  std::atomic<int64_t> server_count_{0};
  bool store_shared_ = false;
  std::atomic<bool> publisher_up_{false};
  std::atomic<bool> subscriber_up_{false};
  std::atomic<uint64_t> published_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> malformed_{0};
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace brigade::cluster
