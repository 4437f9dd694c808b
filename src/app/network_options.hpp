#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

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
  /// Browser origins allowed by CORS (`*`: any).
  std::vector<std::string> cors_origins{"*"};
  /// Abuse limits (0 rate: off); defaults and why in engineio::config
  /// (handshakes per IP address) and socketio::config (events per connection).
  double handshake_rate = engineio::config{}.handshake_rate;
  double handshake_burst = engineio::config{}.handshake_burst;
  double event_rate = socketio::config{}.event_rate;
  double event_burst = socketio::config{}.event_burst;
  size_t max_refused_events = socketio::config{}.max_refused_events;
};

/// The Socket.IO server configuration these options describe.
socketio::config to_socketio_config(const network_options& options);

}  // namespace brigade::app
