#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/io_pool.hpp"
#include "http/loop_bound.hpp"
#include "socketio/broadcast.hpp"
#include "socketio/room_index.hpp"
#include "socketio/types.hpp"

namespace brigade::socketio {

class recovery_backend;
class cluster_port;

/// A Socket.IO namespace ("/", "/admin", ...): its middlewares, connection
/// handlers and, per loop, its sockets and rooms.
/// Thread-safety: `use`, `on` and `on_connection` are called while setting up,
/// before the server starts; broadcasts (`to`, `except`, `emit`) are safe
/// from any thread; `local(i)` only on loop i.
class io_namespace {
 public:
  io_namespace(std::string name, http::io_pool& pool);

  const std::string& name() const noexcept { return name_; }

  /// Leaves this namespace's emits and deliveries out of
  /// brigade_events_emitted_total and brigade_messages_delivered_total: a
  /// monitoring feed must not count its own samples as the traffic it
  /// reports. Set-up only.
  void exclude_from_metrics() noexcept { counted_ = false; }
  bool counted() const noexcept { return counted_; }

  /// Turns on connection state recovery (recovery.hpp) with `backend`,
  /// which must outlive the server. Set-up only.
  void enable_recovery(recovery_backend& backend) noexcept { recovery_ = &backend; }
  recovery_backend* recovery() const noexcept { return recovery_; }

  /// Publishes this namespace's broadcasts to the other nodes of a cluster
  /// too (cluster_port.hpp); `port` must outlive the server. Set-up only.
  void join_cluster(cluster_port& port) noexcept { cluster_ = &port; }
  cluster_port* cluster() const noexcept { return cluster_; }

  /// The connected socket holding private session id `pid`, on any loop,
  /// if any: a client recovering a session its old connection still holds
  /// (the server has not seen that one drop yet) takes it over. Any thread.
  std::optional<http::loop_bound<socket>> holder_of(const std::string& pid) const;
  /// Records `s` as the holder of its pid (on connection), and forgets it
  /// (on disconnection) unless another socket took the pid over. Any thread.
  void hold_pid(const std::string& pid, socket& s);
  void release_pid(const std::string& pid, const socket& s);

  void use(middleware mw) { middlewares_.push_back(std::move(mw)); }
  /// Registers the handler of an event for every socket of the namespace
  /// (one per name; a later one replaces): one table for all the sockets,
  /// where `socket::on` keeps one per socket. A socket's own handler of the
  /// same name wins. Set-up only.
  void on(std::string event, event_handler handler) { event_handlers_[std::move(event)] = std::move(handler); }
  /// The namespace's handler of `event`, or null. Any thread.
  const event_handler* handler_for(std::string_view event) const {
    auto it = event_handlers_.find(event);
    return it == event_handlers_.end() ? nullptr : &it->second;
  }
  void on_connection(std::function<void(const socket_ptr&)> handler) { connection_handlers_.push_back(std::move(handler)); }

  broadcast_operator to(std::string room) { return broadcast_operator(*this).to(std::move(room)); }
  broadcast_operator except(std::string room) { return broadcast_operator(*this).except(std::move(room)); }
  /// Emits to every socket of the namespace.
  void emit(std::string_view event, json args = json::array()) { broadcast_operator(*this).emit(event, std::move(args)); }

  /// Fans a pre-encoded broadcast out: inline on the calling loop, posted to
  /// the others (held back while the calling thread has a `batch` open on
  /// this namespace). Used by broadcast_operator.
  void fan_out(std::shared_ptr<const encoded_frames> frames, std::vector<std::string> rooms,
               std::vector<std::string> except);

  /// While alive, the broadcasts this thread makes to `nsp` are held and
  /// then posted to each loop in one hand-over, in the order they were
  /// made: one post per loop for a commit's events instead of one per
  /// event. For threads that are not loops (a database worker announcing a
  /// commit); on a loop, broadcasts go out as without it. Nests: the
  /// outermost batch posts. Not copyable; destroy on the thread that made it.
  class batch {
   public:
    explicit batch(io_namespace& nsp);
    ~batch();
    batch(const batch&) = delete;
    batch& operator=(const batch&) = delete;

   private:
    io_namespace& nsp_;
    bool outermost_ = false;
  };

  room_index& local(size_t loop_index) { return *shards_[loop_index]; }

  /// Runs `visit` on every connected socket of the namespace, each on its
  /// own loop (posted, never inline), e.g. to disconnect those of a revoked
  /// token. Any thread.
  void visit_sockets(std::function<void(socket&)> visit) { visit_sockets({}, {}, std::move(visit)); }
  /// The same for the sockets in any of `rooms` (every one when empty; a
  /// socket id names its socket) and in none of `except`; then `done` runs
  /// once, after every loop has had its turn, on the last one's thread.
  /// `visit` runs on several loops at once: what it shares needs a lock. A
  /// visit may join, leave or disconnect its socket. Any thread.
  void visit_sockets(std::vector<std::string> rooms, std::vector<std::string> except,
                     std::function<void(socket&)> visit, std::function<void()> done = {});
  /// Every room of the namespace on this node, socket ids included (as the
  /// reference server's adapter lists them), each once, handed to `done` on
  /// the last loop's thread. Any thread.
  void collect_rooms(std::function<void(std::vector<std::string>)> done);

  /// Rooms and memberships over every loop, from any thread (metrics). A
  /// room with members on two loops counts once per loop: the loops share
  /// nothing, and counting distinct names would need a lock on every join.
  struct room_totals {
    int64_t rooms = 0;
    int64_t members = 0;
  };
  room_totals published_room_totals() const noexcept;
  const std::vector<middleware>& middlewares() const noexcept { return middlewares_; }
  void notify_connection(const socket_ptr& s) const;

  /// A broadcast a batch holds until it ends.
  struct held_broadcast {
    std::shared_ptr<const encoded_frames> frames;
    std::vector<std::string> rooms;
    std::vector<std::string> except;
  };

 private:
  /// Delivers one broadcast to the members of `rooms` on loop `index`; on
  /// that loop.
  void deliver_on(size_t index, const encoded_frames& frames, const std::vector<std::string>& rooms,
                  const std::vector<std::string>& except);
  /// Posts `held` to every loop at once.
  void post_held(std::vector<held_broadcast> held);

  std::string name_;
  http::io_pool& pool_;
  std::vector<middleware> middlewares_;
  std::vector<std::function<void(const socket_ptr&)>> connection_handlers_;
  std::map<std::string, event_handler, std::less<>> event_handlers_;
  std::vector<std::unique_ptr<room_index>> shards_;
  bool counted_ = true;
  recovery_backend* recovery_ = nullptr;
  cluster_port* cluster_ = nullptr;
  mutable std::mutex pids_mutex_;
  std::unordered_map<std::string, std::pair<const socket*, http::loop_bound<socket>>> pid_holders_;
};

}  // namespace brigade::socketio
