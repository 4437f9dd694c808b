#include "app/network_options.hpp"

namespace brigade::app {

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

}  // namespace brigade::app
