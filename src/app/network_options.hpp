#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/io_pool.hpp"
#include "http/limits.hpp"
#include "http/listener.hpp"
#include "http/router.hpp"
#include "socketio/config.hpp"

namespace brigade::app {

/// Where a server listens and how its Socket.IO endpoint behaves: the
/// options `serve` and `conformance` share. Plain value type.
struct network_options {
  std::string host = "0.0.0.0";
  uint16_t port = 8000;
  size_t threads = 0;  // 0: one I/O loop per core
  /// Engine.IO heartbeat; the reference server's defaults.
  uint32_t ping_interval_ms = 25'000;
  uint32_t ping_timeout_ms = 20'000;
  /// socket.io's connectTimeout default.
  uint32_t connect_timeout_ms = 45'000;
  /// maxHttpBufferSize: the reference default of 1 MB.
  uint64_t max_payload = 1'000'000;
  /// Unsent bytes per client before it is dropped as a slow consumer.
  size_t max_outbound_bytes = 1 << 20;
  /// Write coalescing for large fan-outs (http::write_coalescing): a loop
  /// turn that flushes at least this many connections waits this long. Off
  /// by default: measured, it did not pay at every rate (docs/benchmarks.md).
  uint32_t write_coalesce_ms = 0;
  size_t write_coalesce_min = 200;
  /// Browser origins allowed by CORS (`*`: any).
  std::vector<std::string> cors_origins{"*"};
  /// Abuse limits (0 rate: off); defaults and why in engineio::config
  /// (handshakes per IP address) and socketio::config (events per connection).
  double handshake_rate = engineio::config{}.handshake_rate;
  double handshake_burst = engineio::config{}.handshake_burst;
  double event_rate = socketio::config{}.event_rate;
  double event_burst = socketio::config{}.event_burst;
  size_t max_refused_events = socketio::config{}.max_refused_events;
  /// Open connections per IP address; why the default in http::limits.
  size_t max_connections_per_ip = http::limits{}.max_connections_per_address;
  /// Open connections in all; 0: derived from the descriptor limit at start
  /// (http/connection_budget.hpp).
  size_t max_connections = 0;
  /// PEM certificate chain and private key: both set, the server speaks
  /// HTTPS and WSS only; both empty, plain HTTP (behind a proxy or on a
  /// trusted network).
  std::string tls_cert;
  std::string tls_key;
};

/// The loops' write coalescing these options describe.
http::write_coalescing to_write_coalescing(const network_options& options);

/// The Socket.IO server configuration these options describe.
socketio::config to_socketio_config(const network_options& options);

/// The TLS context of --tls-cert/--tls-key, or null for plain HTTP. Throws
/// std::runtime_error naming the file when they cannot be used, or when only
/// one is given: called first at start-up, before anything is opened.
std::shared_ptr<http::tls_context> load_tls(const network_options& options);

/// A listener bound as the options say (address, port, limits) with `tls`
/// (null: plain), not yet started; logs its connection cap and how it was
/// derived. Throws boost::system::system_error when it cannot bind.
std::shared_ptr<http::listener> make_listener(http::io_pool& pool, const http::router& routes,
                                              const network_options& options, std::shared_ptr<http::tls_context> tls);

}  // namespace brigade::app
