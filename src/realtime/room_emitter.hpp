#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kitchen/events.hpp"
#include "kitchen/ids.hpp"
#include "realtime/rooms.hpp"

namespace brigade::realtime {

/// An event's place in its restaurant's outbox: the committed event's
/// sequence, and which of the immediate events it causes (0, 1, …) this is.
/// Plain value type.
struct stream_position {
  uint64_t sequence = 0;
  uint32_t part = 0;
};

/// Where routed events leave the server: the specification's
/// `socketService`. The broadcaster and the stats throttle only ever talk
/// to this interface, so neither the domain nor the routing knows Socket.IO
/// (and unit tests record what would have been sent).
/// Implementations must be safe to call from any thread and must not block.
class room_emitter {
 public:
  virtual ~room_emitter() = default;
  /// Sends `name` with `payload` (one argument, taken: callers move it in)
  /// once to every socket that is
  /// in at least one of `rooms` of `restaurant`. `at`: where the event sits
  /// in the restaurant's outbox, for an event a recovered connection gets
  /// replayed (none for latest-value events). `where`: whose sockets, when
  /// several servers share a cluster (kitchen::reach).
  virtual void emit_to_rooms(kitchen::restaurant_id restaurant, const std::vector<room>& rooms,
                             std::string_view name, nlohmann::ordered_json payload,
                             std::optional<stream_position> at = std::nullopt,
                             kitchen::reach where = kitchen::reach::everywhere) = 0;
  /// Runs `emits`, whose emits may then leave together (one hand-over to
  /// each loop rather than one per emit), in the order they were made. By
  /// default it only runs them.
  virtual void together(const std::function<void()>& emits) { emits(); }
};

}  // namespace brigade::realtime
