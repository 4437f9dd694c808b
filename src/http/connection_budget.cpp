#include "http/connection_budget.hpp"

#include <algorithm>

namespace brigade::http {

connection_budget plan_connections(uint64_t descriptor_limit, size_t headroom, size_t requested) {
  connection_budget b;
  b.descriptor_limit = descriptor_limit;
  b.reserve = std::max<uint64_t>(descriptor_limit / 10, 64);
  b.headroom = headroom;
  const uint64_t kept = b.reserve + 2 * b.headroom;
  // A tiny limit (ulimit -n 128) still serves a few clients.
  const uint64_t derived = descriptor_limit > kept + descriptor_limit / 4 ? descriptor_limit - kept
                                                                           : std::max<uint64_t>(descriptor_limit / 4, 1);
  b.max_connections = static_cast<size_t>(requested != 0 ? requested : derived);
  b.fits = b.max_connections + kept <= descriptor_limit;
  return b;
}

}  // namespace brigade::http
