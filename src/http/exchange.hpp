#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/byte_stream.hpp"
#include "http/connection_limit.hpp"
#include "http/loop.hpp"
#include "http/types.hpp"

namespace brigade::http {

/// A connection taken over from HTTP by an upgrade (plain or TLS), with any
/// bytes already read (and decrypted) past the request head.
struct upgraded_socket {
  std::unique_ptr<byte_stream> stream;
  std::string leftover;
};

/// One HTTP request and the promise of its response. A handler may answer at
/// once or keep the exchange and answer later (long-polling).
/// Thread-safety: `respond()` may be called from any thread, once; the other
/// members are read-only after construction, except `take_socket()`, which is
/// only valid inside the handler call, on the origin loop;
/// `mark_authenticated()` is safe from any thread.
class exchange {
 public:
  using respond_fn = std::function<void(response&&)>;
  using take_socket_fn = std::function<std::optional<upgraded_socket>()>;

  /// `connection`: the place of the connection the request came on (empty:
  /// not counted, as in tests).
  exchange(request req, std::string remote_address, loop& origin, respond_fn respond, take_socket_fn take,
           connection_ticket connection = {})
      : started_(std::chrono::steady_clock::now()),
        request_(std::move(req)),
        remote_address_(std::move(remote_address)),
        origin_(origin),
        respond_(std::move(respond)),
        take_socket_(std::move(take)),
        connection_(std::move(connection)) {
    unanswered_.fetch_add(1, std::memory_order_relaxed);
  }
  ~exchange();
  exchange(const exchange&) = delete;
  exchange& operator=(const exchange&) = delete;

  /// Requests of the whole process not answered yet: a graceful shutdown
  /// waits for them to reach 0 (a long poll is answered by its session's
  /// close, a REST call by its handler). Thread-safe.
  static size_t unanswered() noexcept { return unanswered_.load(std::memory_order_relaxed); }

  const request& req() const noexcept { return request_; }
  std::string_view path() const noexcept;
  std::string_view query() const noexcept;
  const std::string& remote_address() const noexcept { return remote_address_; }
  loop& origin() const noexcept { return origin_; }
  bool is_websocket_upgrade() const;

  /// The bounded name of what handles this request, for metrics: a route
  /// pattern ("/api/orders/{id}") or a router label ("static"), never the
  /// raw path. Set by the router, refined by the handler before it
  /// responds; `label` must outlive the exchange (routes live as long as
  /// the server).
  void set_route(std::string_view label) noexcept { route_ = label; }
  std::string_view route() const noexcept { return route_; }

  /// Sends the response on the connection's loop, counting it in
  /// brigade_http_requests_total. Later calls are ignored.
  void respond(response&& res);

  /// The request proved who sent it (a valid token): its connection is not
  /// shed at the connection cap for as long as it stays open.
  void mark_authenticated() const noexcept { connection_.mark_authenticated(); }

  /// Hands the connection's stream to the caller (WebSocket upgrade); the
  /// HTTP connection then forgets it. Empty if already taken.
  std::optional<upgraded_socket> take_socket() { return take_socket_ ? take_socket_() : std::nullopt; }

 private:
  std::chrono::steady_clock::time_point started_;
  std::string_view route_ = "unmatched";
  request request_;
  std::string remote_address_;
  loop& origin_;
  respond_fn respond_;
  take_socket_fn take_socket_;
  connection_ticket connection_;
  std::atomic<bool> responded_{false};
  void log_request(unsigned status, double seconds) const;
  static inline std::atomic<size_t> unanswered_{0};
};

using exchange_ptr = std::shared_ptr<exchange>;

/// A JSON error response `{"error":{"code","message"}}`.
response json_error(status code, std::string_view error_code, std::string_view message, unsigned version = 11);

}  // namespace brigade::http
