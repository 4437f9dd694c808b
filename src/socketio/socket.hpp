#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "engineio/session.hpp"
#include "http/loop_bound.hpp"
#include "socketio/broadcast.hpp"
#include "socketio_codec/packet.hpp"
#include "socketio/room_index.hpp"
#include "socketio/types.hpp"

namespace brigade::socketio {

class client;

/// One client's connection to one namespace: the object applications use to
/// listen, emit, acknowledge, join rooms and disconnect.
/// Lives on its client's loop: call its members only from handlers it runs
/// on that loop. Work on other threads holds a `handle()` and comes back
/// through it; only `owner()` may be read from any thread. A socket kept
/// after its disconnection ignores emits, joins and leaves.
class socket : public std::enable_shared_from_this<socket> {
 public:
  socket(client& owner_client, io_namespace& nsp, std::string id, json auth);
  ~socket();
  socket(const socket&) = delete;
  socket& operator=(const socket&) = delete;

  const std::string& id() const noexcept { return id_; }
  io_namespace& nsp() const noexcept { return nsp_; }
  /// The auth object of the CONNECT packet ({} if none).
  const json& auth() const noexcept { return auth_.is_null() ? no_auth() : auth_; }
  /// The loop the socket lives on. Any thread: fixed at construction, and
  /// the loops outlive every connection.
  http::loop& owner() const noexcept { return loop_; }
  /// A reference for work on other threads (http/loop_bound.hpp): safe to
  /// hold and drop anywhere; `post` runs a callback back on this loop.
  using handle = http::loop_bound<socket>;
  handle bound() { return handle(shared_from_this(), loop_); }
  bool connected() const noexcept { return connected_; }
  /// The client's address as its transport sees it ("" once closed).
  std::string remote_address() const;
  /// The private session id of connection state recovery (recovery.hpp);
  /// empty when the namespace does not recover.
  const std::string& pid() const noexcept { return rare_ ? rare_->pid : no_pid(); }
  /// Whether this socket took over a previous connection's session, rooms
  /// and missed events (socket.io's `socket.recovered`).
  bool recovered() const noexcept { return recovered_; }
  /// Where this socket's stream of recoverable events began, once the
  /// recovery backend has said (recovery.hpp).
  const std::optional<event_offset>& stream_start() const noexcept {
    return rare_ ? rare_->stream_start : no_stream_start();
  }
  void set_stream_start(event_offset start) { more().stream_start = start; }

  /// Application data attached to the socket (user id, role...).
  json data;

  /// Registers the handler of an event (one per name; a later one replaces)
  /// for this socket alone; it wins over the namespace's handler of the
  /// same name (io_namespace::on, which costs no memory per socket).
  void on(std::string event, event_handler handler);
  /// Adds a handler called once when the socket disconnects, with the
  /// reason; handlers run in the order they were added.
  void on_disconnect(std::function<void(socket&, std::string_view reason)> handler);

  /// Sends an event with arguments (an array) to this client.
  void emit(std::string_view event, json args = json::array());
  /// Sends an event and waits up to `timeout` for the client's ack.
  void emit_with_ack(std::string_view event, json args, std::chrono::milliseconds timeout, ack_callback callback);
  /// The same with an EVENT packet's data as another node of the cluster
  /// sent it (the event's name, then its arguments): not counted as this
  /// node's emit, so foreign event names never become metric labels.
  void emit_data_with_ack(json data, std::chrono::milliseconds timeout, ack_callback callback);

  void join(const std::string& room);
  void leave(const std::string& room);
  std::vector<std::string> rooms() const;

  /// A broadcast to `room` that skips this socket (socket.to(room).emit).
  broadcast_operator to(std::string room) const;
  /// A broadcast to the whole namespace but this socket.
  broadcast_operator broadcast() const;

  /// Leaves the namespace ("server namespace disconnect"); with
  /// `close_connection` the whole underlying connection closes too.
  void disconnect(bool close_connection = false);
  /// Drops the underlying transport at once without a DISCONNECT packet, as
  /// a network failure would (tests of client reconnection use it).
  void drop_transport();

  // Called by the client.
  /// A broadcast's frames for this socket. False when they were dropped:
  /// the socket is not connected, or its connection is closing or over its
  /// outbound limit (a reconnecting client recovers them from its offset).
  bool deliver(const encoded_frames& frames);
  void on_packet(packet& p);
  void on_closed(std::string_view reason);  // the namespace or the connection ended
  void mark_connected() noexcept { connected_ = true; }
  client* owner_client() const noexcept { return client_; }

  // Connection state recovery, driven by the client (recovery.hpp).
  void assign_pid(std::string pid) { more().pid = std::move(pid); }
  /// Takes the recovered session's id and holds broadcasts back until
  /// `end_recovery`; joins are allowed meanwhile. Before the namespace
  /// indexes the socket.
  void begin_recovery(std::string sid);
  /// Delivers nothing more of what was held; the caller sends what it
  /// returns. `recovered` says whether the session came back.
  std::vector<encoded_frames> end_recovery(bool recovered);
  /// The last offset the recovery replayed: broadcasts of those events that
  /// arrive later are not delivered again.
  void replayed_through(event_offset last) { more().replayed_through = last; }
  /// Another connection took this socket's session over: its end must not
  /// touch the stored session.
  void supersede() noexcept { superseded_ = true; }
  /// The session could not be recovered: nothing held any more, and a
  /// fresh id. Only while the namespace does not index the socket.
  void abandon_recovery(std::string fresh_id);
  std::vector<room_index::membership>& memberships() noexcept { return memberships_; }

 private:
  friend class room_index;
  struct pending_ack {
    ack_callback callback;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  // What most sockets never use, allocated on first use: an idle socket of
  // an application that registers its handlers on the namespace, and does
  // not recover sessions, stays small.
  struct rarely_used {
    std::string pid;
    std::optional<event_offset> stream_start;
    std::unordered_map<std::string, event_handler> handlers;
    std::vector<std::function<void(socket&, std::string_view)>> disconnect_handlers;
    std::unordered_map<uint64_t, pending_ack> pending_acks;
    uint64_t next_ack_id = 0;
    std::vector<encoded_frames> held;  // broadcasts held back while recovering
    std::optional<event_offset> replayed_through;
  };
  rarely_used& more();
  static const json& no_auth();
  static const std::string& no_pid();
  static const std::optional<event_offset>& no_stream_start();

  /// False when the packet was not queued (see `deliver`).
  bool send_packet(packet p);
  /// One emit to this socket in brigade_events_emitted_total, and in
  /// brigade_messages_delivered_total or _dropped_total as `queued` says
  /// (unless its namespace is excluded).
  void count_emit(std::string_view event, bool queued) const;
  /// Sends `data` as an EVENT with the next ack id and awaits the ack up to
  /// `timeout`. False (and `callback` told at once) when the connection
  /// refused it.
  bool send_awaiting_ack(json data, std::chrono::milliseconds timeout, ack_callback callback);
  void handle_event(packet& p);
  void handle_ack(packet& p);

  client* client_;  // null once closed: the client may be gone
  http::loop& loop_;
  io_namespace& nsp_;
  std::string id_;
  json auth_;  // null when the CONNECT carried none (auth() is then {})
  bool connected_ = false;
  bool recovering_ = false;  // joins allowed, broadcasts held in more().held
  bool recovered_ = false;
  bool superseded_ = false;
  uint64_t seen_epoch_ = 0;    // room_index: delivered in this broadcast already
  uint32_t all_position_ = 0;  // room_index: index in the namespace-wide list
  std::vector<room_index::membership> memberships_;
  std::unique_ptr<rarely_used> rare_;
};

}  // namespace brigade::socketio
