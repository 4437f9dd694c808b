#pragma once

// The other nodes' questions about this node's sockets, in the request and
// response channels of Node's @socket.io/redis-adapter 8
// (`<prefix>-request#<nsp>#`, `<prefix>-response#<nsp>#[<uid>#]`), answered
// as a Node.js server with that adapter answers them (docs/cluster.md).

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>

#include "socketio/io_namespace.hpp"
#include "socketio/types.hpp"

namespace brigade::cluster {

/// The adapter's RequestType, in its order.
enum class request_type : int {
  sockets = 0,
  all_rooms = 1,
  remote_join = 2,
  remote_leave = 3,
  remote_disconnect = 4,
  remote_fetch = 5,
  server_side_emit = 6,
  broadcast = 7,
  broadcast_client_count = 8,
  broadcast_ack = 9,
};

/// A request or response as Node's adapter reads one: JSON when its first
/// byte is '{', MessagePack otherwise. nullopt unless it is an object.
std::optional<socketio::json> decode_request(std::string_view bytes);

/// Answers requests on the home loop from what every loop knows.
///
/// - SOCKETS, ALL_ROOMS, REMOTE_FETCH: the ids, rooms or summaries
///   ({id, handshake, rooms, data}) of this node's matching sockets.
/// - REMOTE_JOIN, _LEAVE, _DISCONNECT: done to the sockets `opts` selects
///   (no answer), or to the socket `sid` names (answered when it is here).
/// - SERVER_SIDE_EMIT: runs the handler registered for the event, and
///   publishes its ack when the request awaits one.
/// - BROADCAST (an emit with acks): sent to the matching sockets; the count
///   of clients, then each client's ack, go back to the requester.
/// Answers go to the requester's own response channel.
///
/// Thread-safety: `on_server_side_emit` during set-up; `answer` on the home
/// loop, where `publish` is always called (answers gathered on the other
/// loops are posted back). Must outlive the loops' pending work (it does:
/// the loops stop before the adapter owning it is destroyed).
class remote_requests {
 public:
  /// Publishes `payload` on `channel`. Called on the home loop.
  using publisher = std::function<void(std::string channel, std::string payload)>;
  /// A server-side event from another node: its arguments, and `ack` (null
  /// when the sender awaits none) to answer with one value.
  using server_side_handler = std::function<void(const socketio::json& args, std::function<void(socketio::json)> ack)>;

  remote_requests(boost::asio::io_context& home, std::string uid, std::string prefix, publisher publish);

  void on_server_side_emit(std::string event, server_side_handler handler);
  /// Answers one decoded request about `nsp`. Requests this node made (its
  /// uid) are ignored.
  void answer(socketio::io_namespace& nsp, const socketio::json& request);

  uint64_t answered() const noexcept { return answered_; }

 private:
  /// `<prefix>-response#<nsp>#<uid>#`: only the requester listens there.
  std::string response_channel(const socketio::io_namespace& nsp, const std::string& requester) const;
  /// Posts a publication to the home loop (from any loop).
  void publish_from_any_loop(std::string channel, std::string payload);

  void answer_ids(socketio::io_namespace& nsp, const socketio::json& request, std::string channel);
  void answer_rooms(socketio::io_namespace& nsp, const socketio::json& request, std::string channel);
  void answer_fetch(socketio::io_namespace& nsp, const socketio::json& request, std::string channel);
  void act_on_sockets(socketio::io_namespace& nsp, request_type type, const socketio::json& request,
                      std::string channel);
  void run_server_side_emit(const socketio::io_namespace& nsp, const socketio::json& request);
  void broadcast_with_acks(socketio::io_namespace& nsp, const socketio::json& request, std::string channel);

  boost::asio::io_context& home_;
  std::string uid_;
  std::string prefix_;
  publisher publish_;
  std::map<std::string, server_side_handler, std::less<>> server_side_handlers_;
  std::atomic<uint64_t> answered_{0};
};

}  // namespace brigade::cluster
