#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engineio/config.hpp"
#include "engineio/protocol.hpp"
#include "engineio/session.hpp"
#include "http/exchange.hpp"
#include "http/io_pool.hpp"
#include "http/ip_rate_limiter.hpp"

namespace brigade::engineio {

/// An Engine.IO v4 server mounted on a path (say `/socket.io/`): handshakes,
/// routes polling requests and WebSocket upgrades to their session, wherever
/// that session's loop is. A session id names its loop, so finding a session
/// never takes a lock. Abuse protection happens here, before any session
/// exists: requests from foreign browser origins are refused (403), and new
/// sessions per client address are rate-limited (429 with Retry-After).
/// Thread-safety: `handle()` is called from any loop; `clients_count()` from
/// any thread; sessions are touched only on their own loop.
class server {
 public:
  /// Called on the new session's loop, right after the open packet is queued.
  using connection_handler = std::function<void(const session_ptr&)>;

  server(http::io_pool& pool, config cfg, connection_handler on_connection);
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// The router's entry point for every request under the mount path.
  void handle(const http::exchange_ptr& ex);
  /// The router's word that a request under the mount path was refused for
  /// its body's size (413, `http::router::refusal_handler`): a long-polling
  /// POST's session ends, having lost its packets.
  void body_refused(const http::request& head);

  size_t clients_count() const noexcept { return clients_.load(std::memory_order_relaxed); }
  const config& settings() const noexcept { return config_; }

  /// Closes every session (reason "server shutting down"); returns at once.
  void close_all();

  // Used by sessions.
  enum class content { text, html };
  void reply(http::exchange& ex, std::string body, content type) const;
  void reply_error(http::exchange& ex, engine_error error) const;
  static std::string error_response_text(engine_error error);
  /// Forgets a session's id (on its loop).
  void remove(const session& s);
  /// A session ended (it may linger a moment for a final poll).
  void on_session_closed() noexcept { clients_.fetch_sub(1, std::memory_order_relaxed); }

 private:
  // The sessions of one loop, found by id without a copy of it: a set
  // hashed on each session's own id, looked up with any string_view.
  struct by_id {
    using is_transparent = void;
    size_t operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
    size_t operator()(const session_ptr& s) const noexcept { return (*this)(s->id()); }
    bool operator()(const session_ptr& a, const session_ptr& b) const noexcept { return a == b; }
    bool operator()(std::string_view id, const session_ptr& s) const noexcept { return id == s->id(); }
    bool operator()(const session_ptr& s, std::string_view id) const noexcept { return s->id() == id; }
  };
  struct shard {
    std::unordered_set<session_ptr, by_id, by_id> sessions;
  };

  /// Refuses a handshake from an address over its handshake rate with 429
  /// and Retry-After; true if it did.
  bool refuse_over_rate(http::exchange& ex);
  void handshake_polling(const http::exchange_ptr& ex);
  void handshake_websocket(const http::exchange_ptr& ex);
  void route_to_session(const http::exchange_ptr& ex, std::string sid, bool websocket);
  void upgrade_session(const http::exchange_ptr& ex, std::string sid, size_t loop_index);
  session_ptr create_session(http::loop& owner, transport_kind transport);
  std::optional<size_t> loop_of(std::string_view sid) const;

  http::io_pool& pool_;
  config config_;
  connection_handler on_connection_;
  std::vector<std::unique_ptr<shard>> shards_;  // shards_[i] only on loop i
  http::ip_rate_limiter handshake_limiter_;      // shared by all loops (locks inside)
  std::atomic<size_t> clients_{0};
};

}  // namespace brigade::engineio
