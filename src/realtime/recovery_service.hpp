#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kitchen/kitchen_service.hpp"
#include "kitchen/recovery_sessions.hpp"
#include "realtime/session_writer.hpp"
#include "socketio/recovery.hpp"

namespace brigade::realtime {

/// How long and how much a session is recoverable. Plain value type.
struct recovery_settings {
  /// A connection that dropped longer ago than this starts afresh (socket.io's
  /// maxDisconnectionDuration; `--recovery-window`).
  std::chrono::milliseconds window{120'000};
  /// Most outbox events one recovery replays; a screen further behind
  /// starts afresh and resynchronises (join snapshots, GET /api/events).
  size_t max_missed_events = 1000;
  /// Other nodes keep their sessions in the same store (a cluster): the
  /// sessions still open at start-up may be theirs, live, so they are not
  /// counted as dropped (docs/cluster.md, "Recovery across nodes").
  bool store_shared_with_other_nodes = false;
};

/// Brigade's connection state recovery (socketio/recovery.hpp), durable:
/// - sessions (pid → restaurant, identity, sid, rooms) are saved in the
///   store whenever they change, so they survive a restart and `kill -9`;
/// - a session is found again only by the same identity (the token is
///   verified again by the namespace's middleware first) in the same
///   restaurant, within the window;
/// - the missed events are the restaurant's outbox after the client's
///   offset, routed again through the routing table (event_routes.hpp) and
///   kept to the socket's rooms: exactly what it would have received live.
/// Offsets are "<outbox sequence>.<n>", n counting the immediate routes of
/// that event (stream_offset). A session also keeps the sequence its
/// connection began at, for a client that drops before it hears any event. Latest-value events (stats updates) carry no
/// offset and are not replayed: a recovered screen asks for the current
/// value as it does on any join.
/// Saves go through a session_writer (group commit), so a churn of screens
/// costs a disk flush per batch, not per change.
/// Thread-safety: the backend's members run on the sockets' loops and only
/// post work to `blocking`; the store and the kitchen are used there.
/// `kitchen` and `sessions` must outlive the server.
class recovery_service final : public socketio::recovery_backend, public kitchen::event_subscriber {
 public:
  using executor = std::function<void(std::function<void()>)>;

  recovery_service(kitchen::kitchen_service& kitchen, kitchen::recovery_session_store& sessions, executor blocking,
                   recovery_settings settings);

  /// At start-up, before the server accepts connections: the sessions of a
  /// process that died are disconnected from now, and expired ones go.
  /// Blocks on the store.
  void recover_after_restart();
  /// Deletes sessions past the window. Blocks on the store.
  void expire();
  /// Shutdown: the connections about to close stay recoverable without a
  /// save each (on start-up the sessions left open count as disconnected),
  /// so a server with thousands of screens stops at once. Any thread.
  void stop_saving() noexcept { saving_.store(false, std::memory_order_relaxed); }

  void find(socketio::socket& s, const std::string& pid, found_fn done) override;
  void missed(socketio::socket& s, socketio::event_offset after, missed_fn done) override;
  void save(socketio::socket& s) override;
  void closed(socketio::socket& s, bool recoverable) override;

  /// Saves the session of `s` as it stands (on its loop) and runs `then` on
  /// a worker once that save is on disk (or failed, logged): a join is
  /// answered only when a crash right after would still recover its room.
  void save_then(socketio::socket& s, session_writer::saved_fn then);

  /// Follows the outbox as events are announced: a new connection's stream
  /// begins after the last one (the kitchen's subscriber, any thread).
  void publish(const kitchen::domain_event& event) override;
  /// The last sequence announced for `restaurant` (0: none yet). Any thread.
  uint64_t announced(kitchen::restaurant_id restaurant) const;

 private:
  kitchen::recovery_session save_record(socketio::socket& s);
  /// Versions are wall-clock microseconds, made strictly increasing: later
  /// saves win in the store even across restarts.
  uint64_t next_version();

  kitchen::kitchen_service& kitchen_;
  kitchen::recovery_session_store& sessions_;
  executor blocking_;
  session_writer writer_;  // every save, group-committed
  recovery_settings settings_;
  std::atomic<uint64_t> last_version_{0};
  std::atomic<bool> saving_{true};
  std::atomic<uint64_t> closes_{0};  // an expiry every kExpireEvery disconnections
  // Sessions ended on purpose whose deletion has not reached the store yet:
  // a client that reconnects at once must not find them there.
  std::mutex ended_mutex_;
  std::unordered_set<std::string> ended_;
  mutable std::mutex announced_mutex_;
  std::unordered_map<kitchen::restaurant_id, uint64_t> announced_;
};

/// The offset of the `part`-th immediate route of the outbox event at
/// `sequence`. Pure.
socketio::event_offset stream_offset(uint64_t sequence, uint32_t part);

/// The events a socket in `rooms` (internal names) of `restaurant` would
/// have received for `events` (outbox order) after `after`. Pure.
std::vector<socketio::missed_event> events_for_rooms(const std::vector<kitchen::domain_event>& events,
                                                     kitchen::restaurant_id restaurant,
                                                     const std::vector<std::string>& rooms,
                                                     socketio::event_offset after);

/// Who is behind a socket, as the text a session is bound to. Pure.
std::string identity_text(const kitchen::actor& who);

}  // namespace brigade::realtime
