#pragma once

// One Engine.IO v4 session: its state and heartbeat, the packets it reads,
// and the choice of transport; the long-polling transport and the WebSocket
// upgrade probe are members with their own files. Thread-safety: a session
// lives on one loop and is only touched on that loop's thread.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engineio/config.hpp"
#include "engineio_codec/packet.hpp"
#include "engineio/polling_transport.hpp"
#include "engineio/protocol.hpp"
#include "engineio/random_id.hpp"
#include "engineio/upgrade_probe.hpp"
#include "http/exchange.hpp"
#include "http/loop.hpp"
#include "http/loop_timers.hpp"
#include "http/websocket_connection.hpp"
#include "ws_codec/shared_frame.hpp"

namespace brigade::engineio {

class server;

enum class transport_kind : uint8_t { polling, websocket };

/// Receives what a session reads, and its end. Called on the session's loop.
class session_handler {
 public:
  virtual ~session_handler() = default;
  /// One message packet: text, or raw bytes when `binary`.
  virtual void on_message(bool binary, std::string_view data) = 0;
  /// The session ended; `reason` is the reference server's name for it, one
  /// of `close_reason` (engineio/protocol.hpp).
  virtual void on_close(std::string_view reason) = 0;
};

/// One Engine.IO v4 session: its state (open, then closed, perhaps lingering
/// for a final poll), its heartbeat (the server's pings and the client's
/// pongs), and the packets it reads; the long-polling transport and the
/// upgrade to WebSocket are its members `polling_transport` and
/// `upgrade_probe`.
/// Lives on one loop for its whole life: every member must be called on that
/// loop's thread (`owner()`); other threads post to it.
class session : public http::flushable,
                public http::ws::connection_handler,
                private upgrade_probe::listener,
                public std::enable_shared_from_this<session> {
 public:
  session(server& srv, http::loop& owner, std::string id, transport_kind transport);
  ~session() override;

  std::string_view id() const noexcept { return {id_.data(), id_.size()}; }
  http::loop& owner() const noexcept { return loop_; }
  transport_kind transport() const noexcept { return transport_; }
  /// The client's address, for logs: asked of the transport (nothing of
  /// the handshake is kept, to keep an idle session small); empty when
  /// unknown (a polling client between two requests).
  std::string remote_address() const;
  bool is_open() const noexcept { return state_ != state::closed; }

  /// The session keeps its handler alive until it closes.
  void set_handler(std::shared_ptr<session_handler> handler) noexcept { handler_ = std::move(handler); }

  /// Queues a packet built by `make_frame` (payload = Engine.IO text packet,
  /// or raw bytes for a binary message). Shared frames make broadcasts cheap.
  /// False when it was not queued: the session is closed, or its transport
  /// is over its outbound limit (a slow consumer, being disconnected).
  bool send(ws::frame_ptr frame, http::ws::outbound kind = http::ws::outbound::event);
  bool send_message(std::string_view text, http::ws::outbound kind = http::ws::outbound::event);
  bool send_binary(std::string_view bytes, http::ws::outbound kind = http::ws::outbound::event);

  /// Ends the session from the server side, after what is already queued.
  void close(std::string_view reason = close_reason::forced_close);
  /// Its Socket.IO handshake was accepted: the connections it uses now and
  /// later (its WebSocket, or the HTTP connections its polls come on) are not
  /// shed at the connection cap.
  void mark_authenticated();

  /// Ends the session at once, dropping what is queued (the transport is
  /// dropped without a close packet, as when a network link dies).
  void drop(std::string_view reason = close_reason::forced_close);

  /// An Engine.IO text packet as a shareable frame: type digit + data.
  static ws::frame_ptr make_frame(packet_type type, std::string_view data);
  /// A message packet whose data is `text`.
  static ws::frame_ptr make_message_frame(std::string_view text);
  static ws::frame_ptr make_binary_frame(std::string_view bytes);

  // Transport entry points, called by the server on this session's loop.
  void start_polling(const http::exchange_ptr& handshake_request);
  void start_websocket(std::shared_ptr<http::ws::connection> ws, std::string_view client_key, std::string leftover);
  void handle_poll_get(const http::exchange_ptr& ex);
  void handle_poll_post(const http::exchange_ptr& ex);
  /// A POST of this session was refused as too large before it got here:
  /// its packets are lost, so a polling session ends ("transport error").
  void post_refused();
  /// A WebSocket offered for upgrading this polling session; refused with
  /// HTTP 400 unless the session is polling and has no other probe.
  void attach_probe(std::shared_ptr<http::ws::connection> ws, std::string_view client_key, std::string leftover);

  // http::ws::connection_handler (the established WebSocket transport).
  void on_message(bool binary, std::string_view data) override;
  void on_closed(http::ws::close_cause cause) override;
  // http::flushable: answers the pending long-poll GET.
  void flush() override;

 private:
  enum class state : uint8_t { open, closed };

  // upgrade_probe::listener
  void on_probe_answered() override;
  void on_upgraded(std::shared_ptr<http::ws::connection> ws) override;

  std::string open_packet(transport_kind kind) const;
  void handle_packet(const packet& p);
  void schedule_ping();
  /// Closes the session if its pong is overdue; true if it did.
  bool pong_overdue();
  void on_heartbeat_timer();
  /// The lingering session's final poll did not come in time: forget the id.
  void finish_final_poll();
  /// Answers a polling request that cannot be served; true if it did.
  bool refuse_poll(http::exchange& ex);
  /// Upgrading: the probe has answered, the client's polls end with a noop.
  bool upgrading() const noexcept { return probe_ && probe_->answered(); }
  void terminate(std::string_view reason);

  server& server_;
  http::loop& loop_;
  std::array<char, kIdLength> id_;  // random_id(): always this long, kept in place
  transport_kind transport_;
  state state_ = state::open;
  bool awaiting_pong_ = false;
  bool authenticated_ = false;
  std::shared_ptr<session_handler> handler_;
  http::loop_timer heartbeat_;  // its deadline: the next ping, or the pong's
  std::shared_ptr<http::ws::connection> ws_;
  // Only in a session opened by polling: a WebSocket session does without.
  std::unique_ptr<polling_transport> polling_;
  std::shared_ptr<upgrade_probe> probe_;  // the latest WebSocket offered for the upgrade
};

using session_ptr = std::shared_ptr<session>;

}  // namespace brigade::engineio
