#pragma once

#include <cstddef>
#include <functional>

#include "auth/token_service.hpp"
#include "kitchen/kitchen_service.hpp"
#include "realtime/reconnection_tracker.hpp"
#include "realtime/recovery_service.hpp"
#include "realtime/restaurant_activity.hpp"
#include "realtime/room_request.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::realtime {

/// Limits of what one socket may ask of the gateway. Plain value type.
struct gateway_limits {
  /// Rooms one socket may be in at once: a waiter's tablet follows its
  /// tables and their orders, a few dozen on a busy night; 100 leaves room
  /// for that while a hostile client cannot make the server track
  /// thousands of memberships per connection.
  size_t max_rooms_per_socket = 100;
};

/// Lets screens into their restaurant's rooms.
/// - Authenticates every socket of a namespace from its handshake's signed
///   token (socket_identity.hpp), on the socket's loop with no database
///   read; a refusal is a CONNECT_ERROR `{message:"Authentication error",
///   data:{code, message}}` with code token_missing, token_invalid or
///   token_expired.
/// - Disconnects a socket when its token expires (after an `auth:expired`
///   event), unless the client sent a fresh token of the same identity
///   before with `auth:refresh {token}` (ack `{ok:true, expiresAt}`).
/// - Answers the eight room commands (room_request.hpp) with an ack
///   `{ok:true, room, snapshot?}` or `{ok:false, error:{code, message}}`,
///   after checking the role may join (room_access.hpp: forbidden) and the
///   socket's room limit (too_many_rooms).
/// A join enters the restaurant-scoped room (rooms.hpp) *before* the
/// snapshot is read, so an event committed in between is never missed: it
/// is either in the snapshot, or arrives after it, or both.
/// Store reads run on `blocking`, never on an I/O loop; the answer is posted
/// back to the socket's loop.
/// Thread-safety: `attach` during set-up; the handlers then run on the
/// sockets' loops and the blocking executor. `kitchen` and `tokens` must
/// outlive the server.
class room_gateway {
 public:
  /// Runs a function on a thread that may block on the database.
  using executor = std::function<void(std::function<void()>)>;

  room_gateway(kitchen::kitchen_service& kitchen, const auth::token_service& tokens, executor blocking,
               gateway_limits limits = {});

  void attach(socketio::io_namespace& nsp);
  /// With connection state recovery on: a join is acknowledged only once
  /// the socket's session, with the new room, is in the store, so a crash
  /// right after the ack cannot lose the room. Set-up only.
  void keep_sessions_in(recovery_service& recovery) noexcept { recovery_ = &recovery; }
  /// Counts each restaurant's sockets and comebacks for its managers'
  /// feed. Set-up only.
  void report_to(restaurant_activity& activity) noexcept { activity_ = &activity; }

 private:
  void authenticate(const socketio::socket_ptr& s, socketio::next_fn next) const;
  void install_commands(const socketio::socket_ptr& s);
  /// Counts a socket whose identity disconnected moments ago
  /// (brigade_reconnections_total) and remembers when it leaves.
  void count_reconnection(const socketio::socket_ptr& s);
  /// After a recovery: the kitchen's current stats to a kitchen screen.
  void send_current_stats(socketio::socket& s);
  void on_command(socketio::socket& s, const room_command& command, const socketio::json& args,
                  const socketio::ack_fn& ack);
  void join_visible_order(socketio::socket& s, const kitchen::actor& who, const room& requested,
                          const socketio::ack_fn& ack);
  void join_with_snapshot(socketio::socket& s, const kitchen::actor& who, const room& requested,
                          const socketio::ack_fn& ack);

  kitchen::kitchen_service& kitchen_;
  const auth::token_service& tokens_;
  executor blocking_;
  gateway_limits limits_;
  reconnection_tracker reconnections_;
  recovery_service* recovery_ = nullptr;
  restaurant_activity* activity_ = nullptr;
};

}  // namespace brigade::realtime
