#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kitchen/ids.hpp"
#include "realtime/rooms.hpp"

namespace brigade::realtime {

/// Where routed events leave the server: the specification's
/// `socketService`. The broadcaster and the stats throttle only ever talk
/// to this interface, so neither the domain nor the routing knows Socket.IO
/// (and unit tests record what would have been sent).
/// Implementations must be safe to call from any thread and must not block.
class room_emitter {
 public:
  virtual ~room_emitter() = default;
  /// Sends `name` with `payload` (one argument) once to every socket that is
  /// in at least one of `rooms` of `restaurant`.
  virtual void emit_to_rooms(kitchen::restaurant_id restaurant, const std::vector<room>& rooms,
                             std::string_view name, const nlohmann::ordered_json& payload) = 0;
};

}  // namespace brigade::realtime
