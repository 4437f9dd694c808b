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
};

}  // namespace brigade::http
