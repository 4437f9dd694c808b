#include "app/lifecycle.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/log.hpp"
#include "http/connection.hpp"
#include "http/exchange.hpp"

namespace brigade::app {
namespace {

using clock = std::chrono::steady_clock;

// Checks the drain every few milliseconds on the main loop; once drained,
// leaves the last frames a moment to reach the wire, then stops the loops.
class drain_watch : public std::enable_shared_from_this<drain_watch> {
 public:
  drain_watch(boost::asio::io_context& loop, http::io_pool& pool, const shutdown_plan& plan)
      : timer_(loop), pool_(pool), plan_(plan), started_(clock::now()), deadline_(started_ + plan.timeout) {}

  void check() {
    const bool drained = plan_.drained ? plan_.drained() : true;
    if (drained || clock::now() >= deadline_) {
      finish(drained);
      return;
    }
    timer_.expires_after(poll_interval);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->check();
    });
  }

 private:
  // Written frames are in the kernel's buffers already; this covers a
  // write still being handed to it on another loop.
  static constexpr auto final_write_grace = std::chrono::milliseconds(100);
  static constexpr auto poll_interval = std::chrono::milliseconds(10);

  void finish(bool drained) {
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started_).count();
    if (drained) {
      log_event(spdlog::level::info, "shutdown_drained", {{"ms", static_cast<int64_t>(took)}});
    } else {
      log_event(spdlog::level::warn, "shutdown_timeout",
                {{"ms", static_cast<int64_t>(took)},
                 {"unanswered_requests", static_cast<int64_t>(http::exchange::unanswered())},
                 {"open_http_connections", static_cast<int64_t>(http::open_http_connections())}});
    }
    timer_.expires_after(drained ? final_write_grace : std::chrono::milliseconds(0));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->pool_.stop(); });
  }

  boost::asio::steady_timer timer_;
  http::io_pool& pool_;
  const shutdown_plan& plan_;
  clock::time_point started_;
  clock::time_point deadline_;
};

}  // namespace

int run_until_signal(http::io_pool& pool, http::listener& listener, std::string_view name, std::string_view host,
                     const shutdown_plan& plan) {
  auto& main_loop = pool.at(0).context();
  boost::asio::signal_set signals(main_loop, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    log_event(spdlog::level::info, "shutdown_started",
              {{"server", name},
               {"signal", static_cast<int64_t>(signal_number)},
               {"timeout_ms", static_cast<int64_t>(plan.timeout.count())}});
    listener.stop();
    if (plan.close_clients) plan.close_clients();
    // The loops keep their work guards until the drain ends: a loop with no
    // pending I/O must still be there when a database thread hands it the
    // answer of a request it is waiting for.
    std::make_shared<drain_watch>(main_loop, pool, plan)->check();
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
