#pragma once

#include <chrono>
#include <cstddef>

namespace brigade::http {

/// Limits every HTTP connection obeys. Plain value type.
struct limits {
  /// Largest request body; the Engine.IO default maxHttpBufferSize (1 MB).
  size_t max_body_size = 1'000'000;
  /// Request line + headers; generous for browsers and cookies, small enough
  /// that a slow-loris client cannot make the server hoard memory.
  size_t max_header_size = 16 * 1024;
  /// A request head and body must arrive within this time; an idle
  /// keep-alive connection is closed after it.
  std::chrono::milliseconds read_timeout{30'000};
  /// Open connections from one IP address (0: no limit). A restaurant's
  /// devices often share one address: a hundred of them, each with a
  /// WebSocket and a browser's six HTTP connections, stay under it, while one
  /// address cannot hold more than a small part of the 20 000 descriptors a
  /// process may have.
  size_t max_connections_per_address = 1024;
  /// Open connections in all (0: no limit): below the process's descriptor
  /// limit, which the application derives it from (connection_budget.hpp).
  /// At the cap the oldest unauthenticated connection is shed for a new one.
  size_t max_connections = 0;
  /// Over `max_connections`, places for probes only (/healthz, /readyz,
  /// /metrics: a load balancer must still see the node), and as many
  /// refusals answered at once; the descriptor budget keeps room for both.
  size_t probe_headroom = 32;
};

}  // namespace brigade::http
