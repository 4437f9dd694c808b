#include "app/lifecycle.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include <spdlog/spdlog.h>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

namespace brigade::app {

int run_until_signal(http::io_pool& pool, http::listener& listener, std::string_view name, std::string_view host,
                     const std::function<void()>& on_stop) {
  auto& main_loop = pool.at(0).context();
  boost::asio::signal_set signals(main_loop, SIGINT, SIGTERM);
  boost::asio::steady_timer drain_deadline(main_loop);
  signals.async_wait([&](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    spdlog::info("{}: signal {}, shutting down", name, signal_number);
    listener.stop();
    if (on_stop) on_stop();
    pool.release();
    // Give clients a moment to receive their close, then stop regardless.
    drain_deadline.expires_after(std::chrono::milliseconds(500));
    drain_deadline.async_wait([&pool](boost::system::error_code) { pool.stop(); });
  });
  listener.start();
  pool.start();
  std::printf("%.*s listening on %s://%.*s:%u\n", static_cast<int>(name.size()), name.data(), listener.scheme(),
              static_cast<int>(host.size()), host.data(), listener.port());
  std::fflush(stdout);
  pool.join();
  return 0;
}

}  // namespace brigade::app
