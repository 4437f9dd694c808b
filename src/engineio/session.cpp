// The session's state and heartbeat, the packets it reads, and the glue to
// its transports (see session.hpp; polling_transport and upgrade_probe do the
// transports' work). On the session's loop only.
#include "engineio/session.hpp"

#include <stdexcept>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "common/metrics/catalog.hpp"
#include "engineio/server.hpp"

namespace brigade::engineio {

namespace {

std::array<char, kIdLength> checked_id(std::string_view id) {
  if (id.size() != kIdLength) throw std::invalid_argument("engine.io: a session id is a random_id()");
  std::array<char, kIdLength> out{};
  id.copy(out.data(), out.size());
  return out;
}

}  // namespace

session::session(server& srv, http::loop& owner, std::string id, transport_kind transport)
    : server_(srv),
      loop_(owner),
      id_(checked_id(id)),
      transport_(transport),
      heartbeat_(owner.timers(),
                 [](void* self) { static_cast<session*>(self)->shared_from_this()->on_heartbeat_timer(); }, this),
      polling_(transport == transport_kind::polling ? std::make_unique<polling_transport>(srv, owner) : nullptr) {}

session::~session() = default;

std::string session::remote_address() const {
  if (ws_) return ws_->remote_address();
  if (auto* get = polling_ ? polling_->pending_get() : nullptr) return get->remote_address();
  return {};
}

ws::frame_ptr session::make_frame(packet_type type, std::string_view data) {
  const char digit = static_cast<char>('0' + static_cast<int>(type));
  return ws::shared_frame::make(ws::opcode::text, std::string_view(&digit, 1), data);
}

ws::frame_ptr session::make_message_frame(std::string_view text) { return make_frame(packet_type::message, text); }

ws::frame_ptr session::make_binary_frame(std::string_view bytes) {
  return ws::shared_frame::make(ws::opcode::binary, bytes);
}

std::string session::open_packet(transport_kind kind) const {
  const config& cfg = server_.settings();
  engineio::handshake h;
  h.sid = std::string(id());
  if (kind == transport_kind::polling && cfg.allow_websocket) h.upgrades = {std::string(transport_name::websocket)};
  h.ping_interval_ms = static_cast<uint32_t>(cfg.ping_interval.count());
  h.ping_timeout_ms = static_cast<uint32_t>(cfg.ping_timeout.count());
  h.max_payload = cfg.max_payload;
  return encode_open_packet(h);
}

void session::start_polling(const http::exchange_ptr& handshake_request) {
  schedule_ping();  // from before the answer leaves, as the client measures from its arrival
  server_.reply(*handshake_request, open_packet(transport_kind::polling), server::content::text);
}

void session::start_websocket(std::shared_ptr<http::ws::connection> ws, std::string_view client_key, std::string leftover) {
  ws_ = std::move(ws);
  schedule_ping();
  ws_->start(client_key, std::move(leftover), this);
  ws_->send(ws::shared_frame::make(ws::opcode::text, open_packet(transport_kind::websocket)));
}

// Sending.

bool session::send(ws::frame_ptr frame, http::ws::outbound kind) {
  if (state_ == state::closed || (polling_ && polling_->overflowed())) return false;
  if (transport_ == transport_kind::websocket) {
    return ws_->send(std::move(frame), kind);  // on overflow the connection reports on_closed(overflow)
  }
  switch (polling_->push(std::move(frame), kind)) {
    case polling_transport::queued::ok:
      return true;
    case polling_transport::queued::flush_due:
      loop_.schedule_flush(shared_from_this());
      return true;
    case polling_transport::queued::overflow:
      spdlog::warn("engine.io: slow polling consumer {} disconnected (over {} bytes queued)", id(),
                   server_.settings().max_outbound_bytes);
      // Terminate later: the caller may be walking a room that the handler's
      // clean-up would modify.
      boost::asio::post(loop_.context(),
                        [self = shared_from_this()] { self->terminate(close_reason::transport_error); });
      return false;
  }
  return false;
}

bool session::send_message(std::string_view text, http::ws::outbound kind) {
  return send(make_message_frame(text), kind);
}
bool session::send_binary(std::string_view bytes, http::ws::outbound kind) {
  return send(make_binary_frame(bytes), kind);
}

void session::flush() {
  if (polling_) polling_->flush();
}

// Polling requests.

bool session::refuse_poll(http::exchange& ex) {
  if (state_ == state::closed) {
    server_.reply_error(ex, engine_error::unknown_sid);
    return true;
  }
  if (pong_overdue()) {
    server_.reply_error(ex, engine_error::unknown_sid);
    return true;
  }
  if (transport_ != transport_kind::polling) {  // upgraded: polling is over
    server_.reply_error(ex, engine_error::bad_request);
    return true;
  }
  return false;
}

void session::mark_authenticated() {
  authenticated_ = true;
  if (ws_) ws_->mark_authenticated();
  if (auto* get = polling_ ? polling_->pending_get() : nullptr) get->mark_authenticated();
}

void session::handle_poll_get(const http::exchange_ptr& ex) {
  if (authenticated_) ex->mark_authenticated();
  if (polling_ && polling_->lingering()) {
    polling_->collect(ex);  // the close packet, and whatever preceded it
    server_.remove(*this);
    return;
  }
  if (refuse_poll(*ex)) return;  // a WebSocket session (no polling transport) too
  if (!polling_->park(ex)) {  // a second concurrent GET
    terminate(close_reason::transport_error);
    return;
  }
  if (!polling_->empty()) {
    polling_->flush();
  } else if (upgrading()) {
    polling_->answer_noop();  // let the client move on to the WebSocket
  }
}

void session::handle_poll_post(const http::exchange_ptr& ex) {
  if (authenticated_) ex->mark_authenticated();
  if (refuse_poll(*ex)) return;
  auto packets = decode_payload(ex->req().body());
  if (!packets) {
    server_.reply_error(*ex, engine_error::bad_request);
    terminate(close_reason::parse_error);
    return;
  }
  server_.reply(*ex, std::string(http_value::post_ack), server::content::html);
  auto self = shared_from_this();  // a handler may close the session
  for (const auto& p : *packets) {
    if (state_ == state::closed) break;
    handle_packet(p);
  }
  // This POST may have carried the CONNECT that was just accepted.
  if (authenticated_) ex->mark_authenticated();
}

void session::post_refused() {
  if (transport_ == transport_kind::polling) terminate(close_reason::transport_error);
}

// What the client sends, on either transport.

void session::handle_packet(const packet& p) {
  if (awaiting_pong_ && p.type != packet_type::pong) {
    // Incoming data shows the peer is alive: as the reference server does,
    // give the pong a fresh pingTimeout.
    heartbeat_.arm_after(server_.settings().ping_timeout);
  }
  switch (p.type) {
    case packet_type::message:
      if (handler_) handler_->on_message(p.binary, p.data);
      break;
    case packet_type::pong:
      if (awaiting_pong_) {
        awaiting_pong_ = false;
        schedule_ping();
      }
      break;
    case packet_type::ping:
      // engine.io-protocol v4: only the server pings ("invalid heartbeat
      // direction" in the reference server).
      terminate(close_reason::transport_error);
      break;
    case packet_type::close:
      // Later polls get 400.
      if (transport_ == transport_kind::polling) polling_->acknowledge_client_close();
      terminate(close_reason::transport_close);
      break;
    case packet_type::noop:
    case packet_type::upgrade:
    case packet_type::open:
      break;
  }
}

void session::on_message(bool binary, std::string_view data) {
  if (pong_overdue()) return;
  if (binary) {
    if (handler_) handler_->on_message(true, data);
    return;
  }
  auto p = decode_text_packet(data);
  if (!p) {
    terminate(close_reason::parse_error);
    return;
  }
  handle_packet(*p);
}

void session::on_closed(http::ws::close_cause cause) {
  switch (cause) {
    case http::ws::close_cause::peer_closed:
      terminate(close_reason::transport_close);
      break;
    case http::ws::close_cause::local:
      break;
    case http::ws::close_cause::shed:
      terminate(close_reason::forced_close);
      break;
    default:
      terminate(close_reason::transport_error);
  }
}

// The upgrade to WebSocket.

void session::attach_probe(std::shared_ptr<http::ws::connection> ws, std::string_view client_key, std::string leftover) {
  if (state_ == state::closed || transport_ != transport_kind::polling || (probe_ && probe_->active())) {
    upgrade_probe::refuse(*ws, client_key);
    return;
  }
  // An authenticated client's upgrade is not shed while it is probed.
  if (authenticated_) ws->mark_authenticated();
  probe_ = std::make_shared<upgrade_probe>(loop_, static_cast<upgrade_probe::listener&>(*this));
  probe_->start(std::move(ws), client_key, std::move(leftover), server_.settings().upgrade_timeout);
}

void session::on_probe_answered() {
  if (polling_->empty()) polling_->answer_noop();
}

void session::on_upgraded(std::shared_ptr<http::ws::connection> ws) {
  ws_ = std::move(ws);
  ws_->set_handler(this);
  if (authenticated_) ws_->mark_authenticated();
  probe_.reset();
  transport_ = transport_kind::websocket;
  const auto& m = metrics::brigade();
  m.connections_polling.dec();
  m.connections_websocket.inc();
  polling_->answer_noop();
  // Admitted once under the polling outbox's bounds, which may hold a
  // snapshot's reply: judged again only against the larger reply bound.
  for (auto& frame : polling_->take_all()) ws_->send(std::move(frame), http::ws::outbound::reply);
}

// The heartbeat.

void session::schedule_ping() { heartbeat_.arm_after(server_.settings().ping_interval); }

bool session::pong_overdue() {
  if (!awaiting_pong_ || std::chrono::steady_clock::now() < heartbeat_.deadline()) return false;
  // The timer may be queued behind this request on the loop: act now.
  terminate(close_reason::ping_timeout);
  return true;
}

void session::on_heartbeat_timer() {
  if (state_ == state::closed) return;
  if (awaiting_pong_) {
    terminate(close_reason::ping_timeout);
    return;
  }
  awaiting_pong_ = true;
  send(make_frame(packet_type::ping, {}));
  // From the ping's deadline, not from now: a late wake-up does not push
  // the pong's deadline, and every later ping, further out.
  heartbeat_.arm_at(heartbeat_.deadline(), server_.settings().ping_timeout);
}

// The end.

void session::close(std::string_view reason) {
  if (state_ == state::closed) return;
  // Polling: the close packet goes out with what is queued, on the pending
  // poll or on the next one (the session lingers for it, as the reference
  // does).
  if (transport_ == transport_kind::polling) polling_->send_close(false);
  terminate(reason);
}

void session::drop(std::string_view reason) {
  if (state_ == state::closed) return;
  if (ws_) ws_->abort();
  // Polling: queued packets are lost, as on a dead link, but the client
  // still learns of the end from a close packet, now or on its next poll.
  if (transport_ == transport_kind::polling) polling_->send_close(true);
  terminate(reason);
}

void session::finish_final_poll() {
  polling_->finish_lingering();
  server_.remove(*this);
}

void session::terminate(std::string_view reason) {
  if (state_ == state::closed) return;
  spdlog::debug("engine.io: session {} closed: {}", id(), reason);
  state_ = state::closed;
  auto self = shared_from_this();
  heartbeat_.cancel();
  if (polling_) polling_->answer_noop();
  if (ws_) {
    ws_->detach();
    ws_->close(ws_close_code::normal);  // after what is already queued
  }
  if (probe_) probe_->cancel(ws_close_code::normal);
  server_.on_session_closed();
  if (polling_ && polling_->lingering()) {
    // Keep the id routable until the client's next poll collects the final
    // packet, or for one heartbeat period at most.
    polling_->linger(server_.settings().ping_interval + server_.settings().ping_timeout,
                    [weak = weak_from_this()] {
                      if (auto lingering = weak.lock()) lingering->finish_final_poll();
                    });
  } else {
    if (polling_) polling_->clear();
    server_.remove(*this);
  }
  if (auto handler = std::move(handler_)) {
    handler_.reset();
    handler->on_close(reason);
  }
  // Last: once a scrape sees the session gone, its sockets' disconnect
  // handlers have run.
  (transport_ == transport_kind::websocket ? metrics::brigade().connections_websocket
                                           : metrics::brigade().connections_polling)
      .dec();
}

}  // namespace brigade::engineio
