#pragma once

#include <cstddef>
#include <cstdint>

namespace brigade::http {

/// How many connections a process may hold open within its descriptor
/// limit (RLIMIT_NOFILE). Every connection is a descriptor; so are the
/// database and its journal, the log, the static files being sent, the
/// loops' own (epoll, eventfd) and the listener. Plain value type.
struct connection_budget {
  uint64_t descriptor_limit = 0;
  /// Kept for everything but connections: a tenth, and at least 64.
  uint64_t reserve = 0;
  /// Over the cap, places for probes and for refusals being answered
  /// (limits::probe_headroom each): twice this is kept.
  uint64_t headroom = 0;
  /// The cap on open connections (limits::max_connections).
  size_t max_connections = 0;
  /// The cap, its headroom and the reserve fit under the descriptor limit.
  bool fits = true;
};

/// The budget for `descriptor_limit` with `headroom` places over the cap;
/// `requested` 0 derives the cap (the limit less the reserve and twice the
/// headroom; a quarter of the limit when that leaves too little), else it
/// is the cap as asked, and `fits` tells whether it is safe. Pure function.
connection_budget plan_connections(uint64_t descriptor_limit, size_t headroom, size_t requested);

}  // namespace brigade::http
