#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "http/cors.hpp"

namespace brigade::engineio {

/// How an Engine.IO server behaves. Defaults are the reference server's
/// (engine.io 6.x) so official clients see familiar timings. Plain value type.
struct config {
  /// How often the server pings (engine.io default 25 s).
  std::chrono::milliseconds ping_interval{25'000};
  /// How long a pong may take before the session is closed (default 20 s).
  std::chrono::milliseconds ping_timeout{20'000};
  /// How long a WebSocket probe may take to complete the upgrade (10 s).
  std::chrono::milliseconds upgrade_timeout{10'000};
  /// Largest packet or polling payload accepted (maxHttpBufferSize, 1 MB).
  uint64_t max_payload = 1'000'000;
  /// Unsent bytes one client may have queued before it counts as a slow
  /// consumer and is disconnected (1 MiB: about a thousand typical events).
  size_t max_outbound_bytes = 1 << 20;
  bool allow_polling = true;
  bool allow_websocket = true;
  http::cors_policy cors;
};

}  // namespace brigade::engineio
