#pragma once

#include <functional>

#include "kitchen/kitchen_service.hpp"
#include "realtime/room_request.hpp"
#include "socketio/io_namespace.hpp"

namespace brigade::realtime {

/// Lets screens into their restaurant's rooms. Authenticates every socket
/// of a namespace from its handshake (socket_identity.hpp; a refusal is a
/// CONNECT_ERROR `{message, data:{code, message}}`), then answers the eight
/// room commands (room_request.hpp) with an acknowledgement:
///   {ok:true, room, snapshot?}  or  {ok:false, error:{code, message}}.
/// A join enters the restaurant-scoped room (rooms.hpp) *before* the
/// snapshot is read, so an event committed in between is never missed: it
/// is either in the snapshot, or arrives after it, or both.
/// Store reads run on `blocking`, never on an I/O loop; the answer is posted
/// back to the socket's loop.
/// Thread-safety: `attach` during set-up; the handlers then run on the
/// sockets' loops and the blocking executor.
class room_gateway {
 public:
  /// Runs a function on a thread that may block on the database.
  using executor = std::function<void(std::function<void()>)>;

  room_gateway(kitchen::kitchen_service& kitchen, executor blocking);

  void attach(socketio::io_namespace& nsp);

 private:
  void authenticate(const socketio::socket_ptr& s, socketio::next_fn next);
  void install_commands(const socketio::socket_ptr& s);
  void on_command(socketio::socket& s, const room_command& command, const socketio::json& args,
                  const socketio::ack_fn& ack);
  void join_with_snapshot(socketio::socket& s, const room& requested, const socketio::ack_fn& ack);

  kitchen::kitchen_service& kitchen_;
  executor blocking_;
};

}  // namespace brigade::realtime
