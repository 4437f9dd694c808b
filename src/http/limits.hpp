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
};

}  // namespace brigade::http
