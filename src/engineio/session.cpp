#include "engineio/session.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "common/base64.hpp"
#include "common/metrics/catalog.hpp"
#include "engineio/server.hpp"

namespace brigade::engineio {

session::session(server& srv, http::loop& owner, std::string id, transport_kind transport, handshake_info info)
    : server_(srv),
      loop_(owner),
      id_(std::move(id)),
      transport_(transport),
      handshake_(std::move(info)),
      heartbeat_(owner.context()) {}

session::~session() {
  metrics::brigade().outbound_queue_bytes.add(-static_cast<int64_t>(outbox_bytes_));
}

void session::set_outbox_bytes(size_t bytes) {
  metrics::brigade().outbound_queue_bytes.add(static_cast<int64_t>(bytes) - static_cast<int64_t>(outbox_bytes_));
  outbox_bytes_ = bytes;
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
  h.sid = id_;
  if (kind == transport_kind::polling && cfg.allow_websocket) h.upgrades = {"websocket"};
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

void session::send(ws::frame_ptr frame) {
  if (state_ == state::closed || overflowed_) return;
  if (transport_ == transport_kind::websocket) {
    ws_->send(std::move(frame));  // on overflow the connection reports on_closed(overflow)
    return;
  }
  set_outbox_bytes(outbox_bytes_ + frame->payload().size() + 1);
  outbox_.push_back(std::move(frame));
  if (outbox_bytes_ > server_.settings().max_outbound_bytes) {
    spdlog::warn("engine.io: slow polling consumer {} disconnected ({} bytes queued)", id_, outbox_bytes_);
    outbox_.clear();
    set_outbox_bytes(0);
    overflowed_ = true;
    // Terminate later: the caller may be walking a room that the handler's
    // clean-up would modify.
    boost::asio::post(loop_.context(), [self = shared_from_this()] { self->terminate("transport error"); });
    return;
  }
  if (pending_get_ && !flush_scheduled_) {
    flush_scheduled_ = true;
    loop_.schedule_flush(shared_from_this());
  }
}

void session::send_message(std::string_view text) { send(make_message_frame(text)); }
void session::send_binary(std::string_view bytes) { send(make_binary_frame(bytes)); }

void session::flush() {
  flush_scheduled_ = false;
  if (!pending_get_ || outbox_.empty()) return;
  std::string body;
  size_t size = 0;
  for (const auto& frame : outbox_) size += frame->payload().size() + 1;
  body.reserve(size + size / 3);
  for (const auto& frame : outbox_) {
    if (!body.empty()) body += kRecordSeparator;
    if (frame->is_binary()) {
      body += 'b';
      base64_encode_append(frame->payload(), body);
    } else {
      body += frame->payload();
    }
  }
  outbox_.clear();
  set_outbox_bytes(0);
  answer_pending_get(std::move(body));
}

void session::answer_pending_get(std::string body) {
  if (auto get = std::move(pending_get_)) {
    pending_get_.reset();
    server_.reply(*get, std::move(body), server::content::text);
  }
}

void session::finish_final_poll() {
  final_poll_ = false;
  outbox_.clear();
  set_outbox_bytes(0);
  server_.remove(*this);
}

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

void session::handle_poll_get(const http::exchange_ptr& ex) {
  if (final_poll_) {
    pending_get_ = ex;
    flush();  // the close packet, and whatever preceded it
    heartbeat_.cancel();
    finish_final_poll();
    return;
  }
  if (refuse_poll(*ex)) return;
  if (pending_get_) {
    // engine.io-protocol: a second concurrent GET is a client error that
    // closes the session; the first poll learns it from a close packet.
    server_.reply_error(*ex, engine_error::bad_request);
    answer_pending_get(std::string(1, '0' + static_cast<int>(packet_type::close)));
    terminate("transport error");
    return;
  }
  pending_get_ = ex;
  if (!outbox_.empty()) {
    flush();
  } else if (state_ == state::upgrading) {
    answer_pending_get("6");  // let the client move on to the WebSocket
  }
}

void session::handle_poll_post(const http::exchange_ptr& ex) {
  if (refuse_poll(*ex)) return;
  auto packets = decode_payload(ex->req().body());
  if (!packets) {
    server_.reply_error(*ex, engine_error::bad_request);
    terminate("parse error");
    return;
  }
  server_.reply(*ex, "ok", server::content::html);
  auto self = shared_from_this();  // a handler may close the session
  for (const auto& p : *packets) {
    if (state_ == state::closed) break;
    handle_packet(p);
  }
}

void session::handle_packet(const packet& p) {
  if (awaiting_pong_ && p.type != packet_type::pong) {
    // Incoming data shows the peer is alive: as the reference server does,
    // give the pong a fresh pingTimeout.
    arm_heartbeat(std::chrono::steady_clock::now() + server_.settings().ping_timeout);
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
      terminate("transport error");
      break;
    case packet_type::close:
      // The client's poll, pending or about to arrive (clients send the two
      // concurrently), ends with a noop; later polls get 400.
      if (transport_ == transport_kind::polling && !pending_get_) {
        outbox_.clear();
        set_outbox_bytes(0);
        outbox_.push_back(make_frame(packet_type::noop, {}));
        final_poll_ = true;
      } else if (pending_get_) {
        answer_pending_get("6");
      }
      terminate("transport close");
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
    terminate("parse error");
    return;
  }
  handle_packet(*p);
}

void session::on_closed(http::ws::close_cause cause) {
  switch (cause) {
    case http::ws::close_cause::peer_closed:
      terminate("transport close");
      break;
    case http::ws::close_cause::local:
      break;
    default:
      terminate("transport error");
  }
}

void session::attach_probe(std::shared_ptr<http::ws::connection> ws, std::string_view client_key, std::string leftover) {
  if (state_ != state::open || transport_ != transport_kind::polling || probe_) {
    // As the reference server: complete the handshake, then close, so the
    // client sees a clean close rather than a failed upgrade.
    ws->start(client_key, {}, nullptr);
    ws->close(1000);
    return;
  }
  probe_ = std::move(ws);
  if (!probe_handler_) probe_handler_ = std::make_unique<probe_handler>(*this);
  probe_->start(client_key, std::move(leftover), probe_handler_.get());
  // engine.io's upgradeTimeout: a probe that does not finish is dropped and
  // the session goes on polling.
  upgrade_timer_ = std::make_unique<boost::asio::steady_timer>(loop_.context(), server_.settings().upgrade_timeout);
  upgrade_timer_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->on_probe_closed();
  });
}

void session::on_probe_message(bool binary, std::string_view data) {
  auto p = binary ? result<packet>(decode_binary_frame(data)) : decode_text_packet(data);
  if (!p) {
    on_probe_closed();
    return;
  }
  if (p->type == packet_type::ping && p->data == "probe" && state_ == state::open) {
    state_ = state::upgrading;
    probe_->send(make_frame(packet_type::pong, "probe"));
    if (pending_get_ && outbox_.empty()) answer_pending_get("6");
  } else if (p->type == packet_type::upgrade && state_ == state::upgrading) {
    complete_upgrade();
  } else {
    // Anything else before the upgrade completes: drop the probe, keep polling.
    on_probe_closed();
  }
}

void session::on_probe_closed() {
  upgrade_timer_.reset();
  if (probe_) {
    probe_->detach();
    probe_->close(1002);
    probe_.reset();
  }
  if (state_ == state::upgrading) state_ = state::open;
}

void session::complete_upgrade() {
  upgrade_timer_.reset();
  ws_ = std::move(probe_);
  probe_.reset();
  ws_->set_handler(this);
  transport_ = transport_kind::websocket;
  state_ = state::open;
  const auto& m = metrics::brigade();
  m.connections_polling.dec();
  m.connections_websocket.inc();
  if (pending_get_) answer_pending_get("6");
  for (auto& frame : outbox_) ws_->send(std::move(frame));
  outbox_.clear();
  set_outbox_bytes(0);
}

void session::schedule_ping() {
  arm_heartbeat(std::chrono::steady_clock::now() + server_.settings().ping_interval);
}

void session::arm_heartbeat(std::chrono::steady_clock::time_point deadline) {
  heartbeat_deadline_ = deadline;
  // Deadlines are absolute, so a late timer callback does not push every
  // later ping (and the ping timeout) further out.
  heartbeat_.expires_at(deadline);
  heartbeat_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->on_heartbeat_timer();
  });
}

bool session::pong_overdue() {
  if (!awaiting_pong_ || std::chrono::steady_clock::now() < heartbeat_deadline_) return false;
  // The timer may be queued behind this request on the loop: act now.
  terminate("ping timeout");
  return true;
}

void session::on_heartbeat_timer() {
  if (state_ == state::closed) return;
  if (awaiting_pong_) {
    terminate("ping timeout");
    return;
  }
  awaiting_pong_ = true;
  send(make_frame(packet_type::ping, {}));
  arm_heartbeat(heartbeat_deadline_ + server_.settings().ping_timeout);
}

void session::close(std::string_view reason) {
  if (state_ == state::closed) return;
  if (transport_ == transport_kind::polling) {
    // The close packet goes out with what is queued, on the pending poll or
    // on the next one (the session lingers for it, as the reference does).
    outbox_.push_back(make_frame(packet_type::close, {}));
    final_poll_ = !pending_get_;
    flush();
  }
  terminate(reason);
}

void session::drop(std::string_view reason) {
  if (state_ == state::closed) return;
  if (ws_) ws_->abort();
  if (transport_ == transport_kind::polling) {
    // Queued packets are lost, as on a dead link, but the client still
    // learns of the end from a close packet, now or on its next poll.
    outbox_.clear();
    set_outbox_bytes(0);
    outbox_.push_back(make_frame(packet_type::close, {}));
    final_poll_ = !pending_get_;
    flush();
  }
  terminate(reason);
}

void session::terminate(std::string_view reason) {
  if (state_ == state::closed) return;
  spdlog::debug("engine.io: session {} closed: {}", id_, reason);
  state_ = state::closed;
  auto self = shared_from_this();
  heartbeat_.cancel();
  upgrade_timer_.reset();
  if (pending_get_) answer_pending_get("6");
  if (ws_) {
    ws_->detach();
    ws_->close(1000);  // after what is already queued
  }
  if (probe_) {
    probe_->detach();
    probe_->close(1000);
    probe_.reset();
  }
  server_.on_session_closed();
  if (final_poll_) {
    // Keep the id routable until the client's next poll collects the close
    // packet, or for one heartbeat period at most.
    heartbeat_.expires_after(server_.settings().ping_interval + server_.settings().ping_timeout);
    heartbeat_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (ec) return;
      if (auto lingering = weak.lock()) lingering->finish_final_poll();
    });
  } else {
    outbox_.clear();
    set_outbox_bytes(0);
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
