#include "socketio/client.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "common/metrics/catalog.hpp"
#include "engineio/protocol.hpp"
#include "engineio/random_id.hpp"
#include "socketio/io_namespace.hpp"
#include "socketio/server.hpp"
#include "socketio/socket.hpp"

namespace brigade::socketio {

namespace {
// How long a client disconnected for abuse has to close its connection
// itself (socket.io-client does so as soon as the DISCONNECT arrives): a
// slow mobile link's round trip, with room to spare.
constexpr std::chrono::seconds kAbuseCloseGrace{2};
}  // namespace

client::client(server& srv, engineio::session_ptr session)
    : server_(srv),
      session_(std::move(session)),
      decoder_(decoder_limits{srv.settings().max_attachments}),
      limiter_(srv.settings(), std::chrono::steady_clock::now()) {}

client::~client() = default;

void client::start() {
  // socket.io: a client that joins no namespace within connectTimeout is closed.
  connect_timer_ = std::make_unique<http::loop_timer>(
      session_->owner().timers(),
      [](void* self) { static_cast<client*>(self)->shared_from_this()->on_connect_timeout(); }, this);
  connect_timer_->arm_after(server_.settings().connect_timeout);
}

void client::on_connect_timeout() {
  if (closed_ || !sockets_.empty()) return;
  session_->close(engineio::close_reason::forced_close);
}

bool client::send(const packet& p) {
  const encoded_packet wire = encode(p);
  // An ack answers the client's own request (a join's snapshot, say): it
  // has its own bound, never the slow-consumer one of pushed events.
  const auto kind = p.type == packet_type::ack ? http::ws::outbound::reply : http::ws::outbound::event;
  bool queued = session_->send_message(wire.text, kind);
  for (const auto& attachment : wire.attachments) queued = session_->send_binary(attachment, kind) && queued;
  return queued;
}

bool client::send(const encoded_frames& frames) {
  bool queued = session_->send(frames.text);
  for (const auto& attachment : frames.attachments) queued = session_->send(attachment) && queued;
  return queued;
}

void client::close(std::string_view reason) {
  if (closed_) return;
  session_->close(reason);
}

void client::drop_transport() {
  if (closed_) return;
  session_->drop(engineio::close_reason::transport_close);
}

void client::forget(const socket& s) {
  sockets_.erase(std::remove_if(sockets_.begin(), sockets_.end(), [&](const socket_ptr& entry) { return entry.get() == &s; }),
                 sockets_.end());
}

void client::on_message(bool binary, std::string_view data) {
  // A polling payload may carry packets after one that closed us; and a
  // client disconnected for abuse is not listened to any more.
  if (closed_ || abusive_) return;
  auto decoded = binary ? decoder_.feed_binary(data) : decoder_.feed_text(data);
  if (!decoded) {
    // socket.io-protocol: an invalid packet closes the connection.
    spdlog::debug("socket.io: closing {}: {}", session_->id(), decoded.error().message);
    session_->close(engineio::close_reason::parse_error);
    return;
  }
  if (decoded->has_value()) on_packet(**decoded);
}

void client::on_packet(packet& p) {
  if (p.type == packet_type::connect) {
    connect(p.nsp, p.data.is_object() ? std::move(p.data) : json());
    return;
  }
  auto it = std::find_if(sockets_.begin(), sockets_.end(), [&](const socket_ptr& s) { return s->nsp().name() == p.nsp; });
  if (it == sockets_.end()) {
    // As the reference server ("invalid state"): a packet for a namespace
    // this client is not connected to closes the connection.
    session_->close(engineio::close_reason::parse_error);
    return;
  }
  if ((p.type == packet_type::event || p.type == packet_type::binary_event) && !admit_event(p)) return;
  socket_ptr target = *it;
  target->on_packet(p);
}

bool client::admit_event(const packet& p) {
  // Every socket of a client runs on the session's loop: its steady clock
  // is the one clock this limiter ever sees, and no lock is needed.
  const auto outcome = limiter_.on_event(std::chrono::steady_clock::now());
  switch (outcome.action) {
    case event_limiter::verdict::accept:
      return true;
    case event_limiter::verdict::refuse:
      metrics::brigade().rate_limited.inc();
      if (p.id) {
        send(packet{packet_type::ack, p.nsp, *p.id,
                    json::array({rate_limited_ack(limiter_.rate(), outcome.retry_after)})});
      }
      return false;
    case event_limiter::verdict::disconnect:
      metrics::brigade().rate_limited.inc();
      disconnect_for_abuse();
      return false;
  }
  return false;
}

void client::disconnect_for_abuse() {
  const auto& settings = server_.settings();
  spdlog::warn("socket.io: disconnecting {} ({}): more than {} events over the rate limit ({:g}/s) within {} ms",
               session_->id(), session_->remote_address(), settings.max_refused_events,
               settings.event_rate, settings.refused_events_window.count());
  auto self = shared_from_this();
  abusive_ = true;
  // A DISCONNECT per namespace: socket.io-client then reports "io server
  // disconnect", does not reconnect by itself, and closes the connection once
  // it has no namespace left. Closing it from here at once would be worse:
  // a client still sending makes the kernel answer our close with a TCP
  // reset, which destroys the DISCONNECT on its way, and the client sees a
  // network failure and reconnects.
  auto sockets = sockets_;
  for (auto& s : sockets) s->disconnect();
  // A client that does not close (not socket.io-client) is closed after a
  // grace period, ignored meanwhile.
  abuse_timer_ = std::make_unique<boost::asio::steady_timer>(session_->owner().context());
  abuse_timer_->expires_after(kAbuseCloseGrace);
  abuse_timer_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto client = weak.lock()) client->close("rate limit abuse");
  });
}

void client::connect(const std::string& nsp_name, json auth) {
  io_namespace* nsp = server_.find(nsp_name);
  if (nsp == nullptr) {
    metrics::brigade().handshake_refused.inc();
    send(packet{packet_type::connect_error, nsp_name, std::nullopt, json{{"message", "Invalid namespace"}}});
    return;
  }
  for (const auto& s : sockets_) {
    if (s->nsp().name() == nsp_name) {
      session_->close(engineio::close_reason::parse_error);  // a second CONNECT is invalid state, as in the reference
      return;
    }
  }
  auto s = std::make_shared<socket>(*this, *nsp, engineio::random_id(), std::move(auth));
  run_middlewares(s, 0);
}

void client::run_middlewares(const socket_ptr& s, size_t index) {
  const auto& middlewares = s->nsp().middlewares();
  if (index < middlewares.size()) {
    auto called = std::make_shared<bool>(false);
    middlewares[index](s, [weak = weak_from_this(), s, index, called](std::optional<connect_error> refusal) {
      if (*called) return;
      *called = true;
      auto self = weak.lock();
      if (!self || self->closed_ || self->abusive_) return;
      if (refusal) {
        metrics::brigade().handshake_refused.inc();
        json body{{"message", refusal->message}};
        if (!refusal->data.is_null()) body["data"] = refusal->data;
        self->send(packet{packet_type::connect_error, s->nsp().name(), std::nullopt, std::move(body)});
        return;
      }
      self->run_middlewares(s, index + 1);
    });
    return;
  }
  admit(s);
}

void client::admit(const socket_ptr& s) {
  connect_timer_.reset();
  // Every middleware (Brigade's check the token) accepted the handshake:
  // the connection is no longer a stranger's to shed at the connection cap.
  session_->mark_authenticated();
  recovery_backend* backend = s->nsp().recovery();
  if (backend == nullptr) {
    connect_fresh(s);
    return;
  }
  // socket.io-client sends both back when it had a session: {pid, offset}.
  const json& auth = s->auth();
  const auto pid = auth.is_object() ? auth.find("pid") : auth.end();
  const auto offset = auth.is_object() ? auth.find("offset") : auth.end();
  // The offset is absent while the client has heard no recoverable event;
  // one that is not ours ends the attempt.
  std::optional<event_offset> after;
  const bool has_offset = offset != auth.end() && offset->is_string();
  if (has_offset) after = event_offset::parse(offset->get_ref<const std::string&>());
  if (pid == auth.end() || !pid->is_string() || (has_offset && !after)) {
    connect_fresh(s);
    return;
  }
  backend->find(*s, pid->get<std::string>(), [after](socket& found_for, std::optional<found_session> found) {
    client* c = found_for.owner_client();
    if (c == nullptr || c->closed_) return;  // the connection went meanwhile
    c->on_session_found(found_for.shared_from_this(), after, std::move(found));
  });
  // Until the answer, the socket is nowhere: no CONNECT reply yet, and the
  // client holds its own emits back until it has one.
}

void client::connect_fresh(const socket_ptr& s) {
  if (s->nsp().recovery() != nullptr) s->assign_pid(engineio::random_id());
  complete_connect(s);
}

void client::on_session_found(const socket_ptr& s, std::optional<event_offset> client_offset,
                              std::optional<found_session> found) {
  const std::string& pid = s->auth()["pid"].get_ref<const std::string&>();
  if (!found) {
    connect_fresh(s);
    return;
  }
  const event_offset after = client_offset.value_or(found->start);
  s->set_stream_start(after);
  // The old connection may still hold the session (the server has not seen
  // it drop yet): it goes, without ending the stored session.
  if (auto holder = s->nsp().holder_of(pid)) {
    holder->dispatch([](socket& old) {
      old.supersede();
      old.disconnect(/*close_connection=*/true);
    });
  }
  s->assign_pid(pid);
  s->begin_recovery(std::move(found->sid));
  // In its rooms before the missed events are read, broadcasts held back
  // meanwhile: an event committed in between is in the read, or held, or
  // both, and never lost.
  sockets_.push_back(s);
  s->nsp().local(session_->owner().index()).add(*s);
  for (const auto& room : found->rooms) s->join(room);
  s->nsp().recovery()->missed(*s, after, [after](socket& recovering, std::optional<std::vector<missed_event>> missed) {
    client* c = recovering.owner_client();
    if (c == nullptr || c->closed_) return;
    c->on_missed_events(recovering.shared_from_this(), after, std::move(missed));
  });
}

void client::on_missed_events(const socket_ptr& s, event_offset after,
                              std::optional<std::vector<missed_event>> missed) {
  if (!missed) {
    // Too old or too many to replay: a fresh session, in no room.
    s->nsp().local(session_->owner().index()).remove(*s);
    sockets_.erase(std::remove_if(sockets_.begin(), sockets_.end(), [&s](const socket_ptr& entry) { return entry == s; }),
                   sockets_.end());
    s->abandon_recovery(engineio::random_id());
    connect_fresh(s);
    return;
  }
  // The missed events, then the CONNECT reply, then what arrived live in
  // the meantime and was not among them: socket.io-client buffers events
  // until its CONNECT and emits them in order.
  event_offset last = after;
  for (auto& event : *missed) {
    json data = event_data(event.name, std::move(event.args));
    data.push_back(event.offset.to_string());
    send(packet{packet_type::event, s->nsp().name(), std::nullopt, std::move(data)});
    last = event.offset;
  }
  auto held = s->end_recovery(/*recovered=*/true);
  s->replayed_through(last);
  s->mark_connected();
  send(packet{packet_type::connect, s->nsp().name(), std::nullopt, json{{"sid", s->id()}, {"pid", s->pid()}}});
  for (const auto& frames : held) s->deliver(frames);  // those replayed already are skipped
  s->nsp().hold_pid(s->pid(), *s);
  s->nsp().recovery()->save(*s);
  metrics::brigade().sessions_recovered.inc();
  s->nsp().notify_connection(s);
}

void client::complete_connect(const socket_ptr& s) {
  sockets_.push_back(s);
  s->nsp().local(session_->owner().index()).add(*s);
  s->mark_connected();
  json reply{{"sid", s->id()}};
  if (!s->pid().empty()) reply["pid"] = s->pid();
  send(packet{packet_type::connect, s->nsp().name(), std::nullopt, std::move(reply)});
  if (!s->pid().empty()) {
    s->nsp().hold_pid(s->pid(), *s);
    s->nsp().recovery()->save(*s);
  }
  s->nsp().notify_connection(s);
}

void client::on_close(std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  auto self = shared_from_this();
  if (connect_timer_) connect_timer_->cancel();
  if (abuse_timer_) abuse_timer_->cancel();
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& s : sockets) s->on_closed(reason);
}

}  // namespace brigade::socketio
