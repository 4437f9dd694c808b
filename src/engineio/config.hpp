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
  /// The same for replies to the client's own requests (acks), which may
  /// carry a room's snapshot (http::ws::outbound).
  size_t max_reply_bytes = 16 << 20;
  bool allow_polling = true;
  bool allow_websocket = true;
  /// Browser origins that may open sessions. A handshake (or any request)
  /// whose `Origin` header is neither allowed here nor the server's own
  /// origin is refused with 403; requests without `Origin` (native apps,
  /// scripts) pass. Empty: same-origin pages only.
  http::cors_policy cors;
  /// New sessions (handshakes) per second from one IP address, and the burst
  /// allowed at once; 0 turns the limit off. A restaurant's screens usually
  /// share one public address, and after a Wi-Fi or server restart all of
  /// them reconnect within a couple of seconds (socket.io-client waits 1-5 s,
  /// randomised): a burst of 30 and 10 a second let some 50 devices back in
  /// within two seconds, while a script opening sessions in a loop is held
  /// to 10 a second. Requests of existing sessions are not counted.
  double handshake_rate = 10;
  double handshake_burst = 30;
  /// Addresses the handshake limiter tracks at most (see ip_rate_limiter).
  size_t handshake_limit_max_addresses = 100'000;
};

}  // namespace brigade::engineio
