#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/connection_limit.hpp"
#include "http/io_pool.hpp"
#include "http/limits.hpp"
#include "http/router.hpp"
#include "http/tls.hpp"

namespace brigade::http {

/// Accepts TCP connections and pins each to the next loop of the pool, as
/// plain HTTP or, given a TLS context, HTTPS. Each is first put to the
/// connection limits (`connection_limit.hpp`): an address already holding
/// `limits.max_connections_per_address` connections is refused with a 429,
/// and one over `limits.max_connections` and its headroom with a 503
/// server_busy, after the oldest unauthenticated connection could not be
/// shed for it; over TLS, refusals are closed before the (costly) handshake.
/// Thread-safety: construct and `start()` from the owner thread; `stop()` is
/// safe from any thread.
class listener : public std::enable_shared_from_this<listener> {
 public:
  /// Binds immediately (throws boost::system::system_error if it cannot), so
  /// `port()` is known before `start()`; port 0 picks a free port.
  listener(io_pool& pool, const tcp::endpoint& endpoint, const router& routes, limits lim,
           std::shared_ptr<tls_context> tls = nullptr);

  unsigned short port() const noexcept { return port_; }
  /// "https" with TLS, else "http".
  const char* scheme() const noexcept { return tls_ ? "https" : "http"; }
  void start();
  void stop();
  /// Between start() and stop(): what /readyz reports. Any thread.
  bool accepting() const noexcept { return accepting_.load(std::memory_order_relaxed); }
  /// The open connections and their limits, for metrics. Any thread.
  std::shared_ptr<const connection_limit> connections() const noexcept { return connections_; }

 private:
  void accept();
  void start_connection(loop& target, loop_socket socket, const asio::ip::address& peer);
  /// Sets TCP_NODELAY on an accepted socket unless the listening socket's
  /// was inherited (Linux), which the first accepted socket tells.
  void ensure_no_delay(loop_socket& socket);

  io_pool& pool_;
  tcp::acceptor acceptor_;
  tcp::endpoint peer_;  // of the connection being accepted (one accept at a time)
  enum class inherited : uint8_t { unknown, yes, no };
  inherited no_delay_inherited_ = inherited::unknown;  // TCP_NODELAY, from the listening socket (on loop 0)
  boost::asio::steady_timer retry_timer_;  // pauses accepting after EMFILE and the like
  const router& routes_;
  limits limits_;
  std::shared_ptr<tls_context> tls_;
  std::shared_ptr<connection_limit> connections_;
  unsigned short port_ = 0;
  std::atomic<bool> accepting_{false};
};

}  // namespace brigade::http
