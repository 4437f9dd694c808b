#pragma once

#include <chrono>
#include <cstddef>

#include "engineio/config.hpp"

namespace brigade::socketio {

/// How a Socket.IO server behaves. Defaults follow the reference server.
/// Plain value type.
struct config {
  engineio::config engine;
  /// A client that has joined no namespace by then is closed (socket.io's
  /// connectTimeout default, 45 s).
  std::chrono::milliseconds connect_timeout{45'000};
  /// Binary attachments one packet may carry; the reference has no limit,
  /// a hostile client must not make us buffer without bound.
  size_t max_attachments = 64;
};

}  // namespace brigade::socketio
