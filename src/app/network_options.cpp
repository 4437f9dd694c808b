#include "app/network_options.hpp"

#include <sys/resource.h>

#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/asio/ip/address.hpp>

#include "http/connection_budget.hpp"
#include "http/tls.hpp"

namespace brigade::app {

http::write_coalescing to_write_coalescing(const network_options& options) {
  return {std::chrono::milliseconds(options.write_coalesce_ms), options.write_coalesce_min};
}

socketio::config to_socketio_config(const network_options& options) {
  socketio::config cfg;
  cfg.engine.ping_interval = std::chrono::milliseconds(options.ping_interval_ms);
  cfg.engine.ping_timeout = std::chrono::milliseconds(options.ping_timeout_ms);
  cfg.engine.max_payload = options.max_payload;
  cfg.engine.max_outbound_bytes = options.max_outbound_bytes;
  cfg.engine.cors = http::cors_policy(options.cors_origins);
  cfg.engine.handshake_rate = options.handshake_rate;
  cfg.engine.handshake_burst = options.handshake_burst;
  cfg.connect_timeout = std::chrono::milliseconds(options.connect_timeout_ms);
  cfg.event_rate = options.event_rate;
  cfg.event_burst = options.event_burst;
  cfg.max_refused_events = options.max_refused_events;
  return cfg;
}

std::shared_ptr<http::tls_context> load_tls(const network_options& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    throw std::runtime_error("--tls-cert and --tls-key go together: give both for HTTPS, or neither");
  }
  if (options.tls_cert.empty()) return nullptr;
  return http::make_tls_context(options.tls_cert, options.tls_key);
}

namespace {

// The soft limit (main() has raised it to the hard one where it could).
uint64_t descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 1 << 20;
  return limit.rlim_cur;
}

size_t connection_cap(const network_options& options, size_t headroom) {
  const auto budget = http::plan_connections(descriptor_limit(), headroom, options.max_connections);
  if (!budget.fits) {
    spdlog::warn(
        "connections: at most {} open, which with {} over it for probes and refusals and {} for the database, logs "
        "and files does not fit in the descriptor limit of {}: raise it (ulimit -n, LimitNOFILE) or lower "
        "--max-connections",
        budget.max_connections, 2 * budget.headroom, budget.reserve, budget.descriptor_limit);
  } else {
    spdlog::info("connections: at most {} open{} (descriptor limit {}: {} kept for the database, logs and files, "
                 "{} for probes and refusals over the cap)",
                 budget.max_connections, options.max_connections == 0 ? "" : " (--max-connections)",
                 budget.descriptor_limit, budget.reserve, 2 * budget.headroom);
  }
  return budget.max_connections;
}

}  // namespace

std::shared_ptr<http::listener> make_listener(http::io_pool& pool, const http::router& routes,
                                              const network_options& options, std::shared_ptr<http::tls_context> tls) {
  http::limits limits;
  limits.max_body_size = options.max_payload;
  limits.max_connections_per_address = options.max_connections_per_ip;
  limits.max_connections = connection_cap(options, limits.probe_headroom);
  return std::make_shared<http::listener>(
      pool, http::tcp::endpoint(boost::asio::ip::make_address(options.host), options.port), routes, limits,
      std::move(tls));
}

}  // namespace brigade::app
