#pragma once

#include <cstdint>
#include <map>
#include <mutex>

#include "kitchen/ids.hpp"

namespace brigade::realtime {

/// What each restaurant's screens are doing, for its own managers' live feed
/// (admin_feed): a manager sees their restaurant's figures, never the
/// server's or another restaurant's (docs/security.md).
/// Thread-safety: every member may be called from any thread; one mutex
/// guards a map operation per call.
class restaurant_activity {
 public:
  /// Running totals of one restaurant since the server started. Plain value type.
  struct totals {
    int64_t sockets = 0;  // on the default namespace now
    uint64_t events = 0;  // events emitted to its rooms (one per event and room set)
    uint64_t reconnections = 0;
  };

  void socket_connected(kitchen::restaurant_id r, bool comeback);
  void socket_disconnected(kitchen::restaurant_id r);
  void event_emitted(kitchen::restaurant_id r);
  totals of(kitchen::restaurant_id r) const;

 private:
  mutable std::mutex mutex_;
  std::map<kitchen::restaurant_id, totals> restaurants_;
};

}  // namespace brigade::realtime
