#include "app/readiness.hpp"

#include <memory>

#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "http/loop_bound.hpp"

namespace brigade::app {
namespace {

void answer(const http::exchange_ptr& ex, const readiness_checks& checks, bool ready, std::string_view reason) {
  http::response res{ready ? http::status::ok : http::status::service_unavailable, ex->req().version()};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  nlohmann::json body;
  if (ready) {
    body = {{"status", "ready"}, {"checks", {{"listener", "ok"}, {"store", "ok"}}}};
    if (checks.cluster_bus_up) body["checks"]["clusterBus"] = checks.cluster_bus_up() ? "ok" : "down";
  } else {
    body = {{"status", "not_ready"}, {"reason", reason}};
  }
  res.body() = body.dump();
  res.prepare_payload();
  // The first answer wins (exchange::respond ignores later ones): the store
  // and the timeout race for it.
  ex->respond(std::move(res));
}

}  // namespace

void serve_readiness(http::router& routes, const readiness_checks& checks) {
  routes.add_probe("/readyz", [&checks](const http::exchange_ptr& ex) {
    if (!checks.accepting()) {
      answer(ex, checks, false, "shutting_down");
      return;
    }
    auto timer = std::make_shared<boost::asio::steady_timer>(ex->origin().context(), checks.store_timeout);
    timer->async_wait([ex, timer, &checks](boost::system::error_code ec) {
      if (!ec) answer(ex, checks, false, "store_timeout");
    });
    try {
      // The worker sees the timer only through a handle that cancels it, and
      // lets it go, on its own loop: timers are not thread-safe.
      checks.blocking([ex, timer = http::loop_bound(timer, ex->origin()), &checks] {
        bool ok = true;
        try {
          checks.query_store();
        } catch (const std::exception& e) {
          spdlog::warn("readyz: store check failed: {}", e.what());
          ok = false;
        }
        answer(ex, checks, ok, ok ? "" : "store_unavailable");
        timer.post([](boost::asio::steady_timer& t) { t.cancel(); });
      });
    } catch (const std::exception&) {
      answer(ex, checks, false, "shutting_down");  // the worker pool refused the job
    }
  });
}

}  // namespace brigade::app
