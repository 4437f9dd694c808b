#include "socketio/socket.hpp"

#include <utility>

#include "common/metrics/catalog.hpp"
#include "socketio/client.hpp"
#include "socketio/io_namespace.hpp"
#include "socketio/recovery.hpp"

namespace brigade::socketio {

socket::socket(client& owner_client, io_namespace& nsp, std::string id, json auth)
    : client_(&owner_client),
      loop_(owner_client.session().owner()),
      nsp_(nsp),
      id_(std::move(id)),
      auth_(auth.is_object() && !auth.empty() ? std::move(auth) : json()) {}

const json& socket::no_auth() {
  static const json empty = json::object();
  return empty;
}

const std::string& socket::no_pid() {
  static const std::string none;
  return none;
}

const std::optional<event_offset>& socket::no_stream_start() {
  static const std::optional<event_offset> none;
  return none;
}

socket::~socket() = default;

socket::rarely_used& socket::more() {
  if (!rare_) rare_ = std::make_unique<rarely_used>();
  return *rare_;
}

void socket::on(std::string event, event_handler handler) { more().handlers[std::move(event)] = std::move(handler); }

void socket::on_disconnect(std::function<void(socket&, std::string_view)> handler) {
  more().disconnect_handlers.push_back(std::move(handler));
}

bool socket::send_packet(packet p) {
  if (!connected_ || !client_) return false;
  p.nsp = nsp_.name();
  return client_->send(p);
}

void socket::count_emit(std::string_view event, bool queued) const {
  if (!nsp_.counted()) return;
  const auto& m = metrics::brigade();
  m.events_emitted.with(event).inc();
  (queued ? m.messages_delivered : m.messages_dropped).inc();
}

void socket::emit(std::string_view event, json args) {
  if (!connected_) return;
  json data = event_data(event, std::move(args));
  guard_trailing_string(nsp_, data);
  count_emit(event, send_packet(packet{packet_type::event, {}, std::nullopt, std::move(data)}));
}

void socket::emit_with_ack(std::string_view event, json args, std::chrono::milliseconds timeout,
                           ack_callback callback) {
  if (!connected_) {
    if (callback) callback(std::nullopt);
    return;
  }
  const bool queued = send_awaiting_ack(event_data(event, std::move(args)), timeout, std::move(callback));
  count_emit(event, queued);
}

void socket::emit_data_with_ack(json data, std::chrono::milliseconds timeout, ack_callback callback) {
  if (!connected_) {
    if (callback) callback(std::nullopt);
    return;
  }
  send_awaiting_ack(std::move(data), timeout, std::move(callback));
}

bool socket::send_awaiting_ack(json data, std::chrono::milliseconds timeout, ack_callback callback) {
  const uint64_t id = more().next_ack_id++;
  // Sent before the ack is awaited: the reply can only arrive on a later turn.
  const bool queued = send_packet(packet{packet_type::event, {}, id, std::move(data)});
  if (!queued) {
    // Refused by a closing or overflowing connection: no ack can come, so
    // the caller hears it now rather than at the timeout.
    if (callback) callback(std::nullopt);
    return false;
  }
  auto timer = std::make_unique<boost::asio::steady_timer>(owner().context());
  timer->expires_after(timeout);
  timer->async_wait([weak = weak_from_this(), id](boost::system::error_code ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self) return;
    auto& pending = self->more().pending_acks;
    auto it = pending.find(id);
    if (it == pending.end()) return;
    auto cb = std::move(it->second.callback);
    pending.erase(it);
    if (cb) cb(std::nullopt);
  });
  more().pending_acks.emplace(id, pending_ack{std::move(callback), std::move(timer)});
  return true;
}

void socket::join(const std::string& room) {
  if (!connected_ && !recovering_) return;
  if (!nsp_.local(owner().index()).join(*this, room)) return;
  if (connected_ && !pid().empty()) nsp_.recovery()->save(*this);
}

void socket::leave(const std::string& room) {
  if (!connected_ && !recovering_) return;
  if (!nsp_.local(owner().index()).leave(*this, room)) return;
  if (connected_ && !pid().empty()) nsp_.recovery()->save(*this);
}

void socket::begin_recovery(std::string sid) {
  id_ = std::move(sid);
  recovering_ = true;
}

void socket::abandon_recovery(std::string fresh_id) {
  recovering_ = false;
  if (rare_) rare_->held.clear();
  id_ = std::move(fresh_id);
}

std::vector<encoded_frames> socket::end_recovery(bool recovered) {
  recovering_ = false;
  recovered_ = recovered;
  return rare_ ? std::exchange(rare_->held, {}) : std::vector<encoded_frames>{};
}

std::string socket::remote_address() const {
  return client_ != nullptr ? client_->session().remote_address() : std::string{};
}

std::vector<std::string> socket::rooms() const {
  std::vector<std::string> names{id_};
  for (const auto& m : memberships_) names.push_back(*m.in->name);
  return names;
}

broadcast_operator socket::to(std::string room) const {
  return broadcast_operator(nsp_).to(std::move(room)).except(id_);
}

broadcast_operator socket::broadcast() const { return broadcast_operator(nsp_).except(id_); }

bool socket::deliver(const encoded_frames& frames) {
  if (recovering_) {
    more().held.push_back(frames);
    return true;
  }
  if (frames.offset && rare_ && rare_->replayed_through && *frames.offset <= *rare_->replayed_through) {
    // Replayed already: its broadcast was still on its way when the
    // recovery ended (an event's parts reach the loop one by one).
    return true;
  }
  return connected_ && client_ && client_->send(frames);
}

void socket::on_packet(packet& p) {
  switch (p.type) {
    case packet_type::event:
    case packet_type::binary_event:
      handle_event(p);
      break;
    case packet_type::ack:
    case packet_type::binary_ack:
      handle_ack(p);
      break;
    case packet_type::disconnect:
      on_closed(kClientNamespaceDisconnect);
      break;
    default:
      break;
  }
}

void socket::handle_event(packet& p) {
  auto& data = p.data;
  if (!data.is_array() || data.empty() || !data[0].is_string()) return;
  const std::string& name = data[0].get_ref<const std::string&>();
  const event_handler* own = nullptr;
  if (rare_) {
    if (auto it = rare_->handlers.find(name); it != rare_->handlers.end()) own = &it->second;
  }
  const event_handler* shared = own == nullptr ? nsp_.handler_for(name) : nullptr;
  if (own == nullptr && shared == nullptr) return;
  json args = json::array();
  for (size_t i = 1; i < data.size(); ++i) args.push_back(std::move(data[i]));
  ack_fn ack;
  if (p.id) {
    ack = [weak = weak_from_this(), id = *p.id, answered = std::make_shared<bool>(false)](json reply) {
      auto self = weak.lock();
      if (!self || *answered) return;
      *answered = true;
      self->send_packet(packet{packet_type::ack, {}, id, reply.is_array() ? std::move(reply) : json::array({reply})});
    };
  }
  auto self = shared_from_this();  // the handler may disconnect us
  if (shared != nullptr) {
    (*shared)(*this, args, ack);  // the namespace's handlers never change once set up
    return;
  }
  event_handler handler = *own;  // a copy: the handler may replace itself
  handler(*this, args, ack);
}

void socket::handle_ack(packet& p) {
  if (!p.id) return;
  if (!rare_) return;
  auto& pending = rare_->pending_acks;
  auto it = pending.find(*p.id);
  if (it == pending.end()) return;
  auto callback = std::move(it->second.callback);
  pending.erase(it);
  if (callback) callback(p.data.is_null() ? json::array() : std::move(p.data));
}

void socket::disconnect(bool close_connection) {
  if (!connected_ || !client_) return;
  client* owner_client = client_;
  send_packet(packet{packet_type::disconnect, {}, std::nullopt, nullptr});
  auto self = shared_from_this();
  on_closed(kServerNamespaceDisconnect);
  if (close_connection) owner_client->close("forced server close");
}

void socket::drop_transport() {
  if (client_) client_->drop_transport();
}

void socket::on_closed(std::string_view reason) {
  if (!client_) return;
  const bool was_connected = connected_;
  connected_ = false;
  recovering_ = false;
  auto self = shared_from_this();
  if (was_connected && !pid().empty()) {
    nsp_.release_pid(pid(), *this);
    // Leaving on purpose (either side) ends the session; anything else is
    // a network failure or a shutdown, which the client recovers from.
    const bool recoverable = reason != kClientNamespaceDisconnect && reason != kServerNamespaceDisconnect;
    if (!superseded_) nsp_.recovery()->closed(*this, recoverable);
  }
  nsp_.local(owner().index()).remove(*this);
  client* owner_client = std::exchange(client_, nullptr);
  if (!rare_) {
    owner_client->forget(*this);
    return;
  }
  rare_->held.clear();
  // Nobody will answer now: settle pending acks as unanswered.
  auto pending = std::exchange(rare_->pending_acks, {});
  for (auto& [id, ack] : pending) {
    if (ack.timer) ack.timer->cancel();
    if (ack.callback) ack.callback(std::nullopt);
  }
  owner_client->forget(*this);
  if (was_connected) {
    auto handlers = std::exchange(rare_->disconnect_handlers, {});
    for (auto& handler : handlers) handler(*this, reason);
  }
  rare_->handlers.clear();
}

}  // namespace brigade::socketio
