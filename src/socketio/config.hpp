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
  /// Incoming events (EVENT and BINARY_EVENT packets) one connection may send
  /// per second, all its namespaces together, and the burst allowed at once;
  /// 0 turns the limit off. A waiter or kitchen screen sends a few events a
  /// second at its busiest (a tap, a room join); 20 a second and a burst of
  /// 50 (a screen re-joining its rooms and re-sending queued events after a
  /// reconnection) leave real clients far from the limit while a script in a
  /// tight loop cannot make the server do unbounded work for it. An event
  /// over the limit gets an `{ok:false,error:{code:"rate_limited"}}` ack, or
  /// is dropped when it asked for none; its handler does not run.
  double event_rate = 20;
  double event_burst = 50;
  /// A connection with more than this many refused events within
  /// `refused_events_window` ignores the refusals and is disconnected
  /// (0: never). 100 in 10 s is far beyond a client that backs off after a
  /// refusal, and well before a flood costs much.
  size_t max_refused_events = 100;
  std::chrono::milliseconds refused_events_window{10'000};
};

}  // namespace brigade::socketio
