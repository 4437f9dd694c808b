#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/container/small_vector.hpp>

#include "engineio/session.hpp"
#include "http/loop_timers.hpp"
#include "socketio/event_limiter.hpp"
#include "socketio/recovery.hpp"
#include "socketio_codec/packet.hpp"
#include "socketio/types.hpp"

namespace brigade::socketio {

class server;

/// The Socket.IO side of one Engine.IO session: decodes packets, connects
/// namespaces (running their middlewares), routes packets to sockets and
/// enforces connectTimeout and the per-connection event rate limit (over all
/// its namespaces, so opening more namespaces buys no extra rate). Owned by
/// its session.
/// Lives on the session's loop; not thread-safe.
class client : public engineio::session_handler, public std::enable_shared_from_this<client> {
 public:
  client(server& srv, engineio::session_ptr session);
  ~client() override;

  void start();
  engineio::session& session() const noexcept { return *session_; }

  /// False when the packet (or one of its attachments) was not queued: the
  /// connection is closing or over its outbound limit.
  bool send(const packet& p);
  bool send(const encoded_frames& frames);
  /// Closes the whole connection after what is queued.
  void close(std::string_view reason);
  /// Drops the transport at once, as a dead network would.
  void drop_transport();
  /// A socket left its namespace.
  void forget(const socket& s);

  void on_message(bool binary, std::string_view data) override;
  void on_close(std::string_view reason) override;

 private:
  void on_packet(packet& p);
  /// Applies the event rate limit to an EVENT/BINARY_EVENT; false if the
  /// event must not reach its socket (refused, or the connection closed).
  bool admit_event(const packet& p);
  void disconnect_for_abuse();
  void connect(const std::string& nsp_name, json auth);
  void run_middlewares(const socket_ptr& s, size_t index);
  /// Every middleware accepted `s`: recover its session if it asks for one
  /// and the namespace recovers, else connect it afresh.
  void admit(const socket_ptr& s);
  void connect_fresh(const socket_ptr& s);
  // Connection state recovery's steps (recovery.hpp), each on this loop.
  void on_session_found(const socket_ptr& s, std::optional<event_offset> client_offset,
                        std::optional<found_session> found);
  void on_missed_events(const socket_ptr& s, event_offset after, std::optional<std::vector<missed_event>> missed);
  /// Registers a connected socket, sends its CONNECT reply and runs the
  /// namespace's connection handlers.
  void complete_connect(const socket_ptr& s);
  void on_connect_timeout();

  server& server_;
  engineio::session_ptr session_;
  decoder decoder_;
  event_limiter limiter_;
  // One per namespace; nearly always one, kept in place (an idle
  // connection is one allocation smaller).
  boost::container::small_vector<socket_ptr, 1> sockets_;
  std::unique_ptr<http::loop_timer> connect_timer_;  // until the first CONNECT
  std::unique_ptr<boost::asio::steady_timer> abuse_timer_;  // only once disconnected for abuse
  bool closed_ = false;
  bool abusive_ = false;  // disconnected for abuse: everything it sends is ignored
};

}  // namespace brigade::socketio
