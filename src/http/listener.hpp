#pragma once

#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/io_pool.hpp"
#include "http/limits.hpp"
#include "http/router.hpp"

namespace brigade::http {

/// Accepts TCP connections and pins each to the next loop of the pool.
/// Thread-safety: construct and `start()` from the owner thread; `stop()` is
/// safe from any thread.
class listener : public std::enable_shared_from_this<listener> {
 public:
  /// Binds immediately (throws boost::system::system_error if it cannot), so
  /// `port()` is known before `start()`; port 0 picks a free port.
  listener(io_pool& pool, const tcp::endpoint& endpoint, const router& routes, limits lim);

  unsigned short port() const noexcept { return port_; }
  void start();
  void stop();

 private:
  void accept();

  io_pool& pool_;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // pauses accepting after EMFILE and the like
  const router& routes_;
  limits limits_;
  unsigned short port_ = 0;
};

}  // namespace brigade::http
