#pragma once

#include <cstddef>

#include "realtime/restaurant_activity.hpp"
#include "realtime/room_emitter.hpp"
#include "socketio/server.hpp"

namespace brigade::realtime {

/// The facade between the kitchen and Socket.IO (the specification's
/// `socketService`): emits to a restaurant's rooms in the default namespace
/// and reports how many clients are connected (`engine.clientsCount`).
/// Each emit encodes the packet once and hands it to every loop, which
/// delivers it to its local members; a socket in several of the rooms gets
/// it once.
/// Thread-safety: safe from any thread; never blocks on a client.
class socket_service final : public room_emitter {
 public:
  /// `activity` counts each emit for the restaurant's managers (admin_feed).
  socket_service(socketio::server& io, restaurant_activity& activity);

  void emit_to_rooms(kitchen::restaurant_id restaurant, const std::vector<room>& rooms,
                     std::string_view name, nlohmann::ordered_json payload,
                     std::optional<stream_position> at = std::nullopt,
                     kitchen::reach where = kitchen::reach::everywhere) override;
  /// The emits of `emits` leave in one post per loop (io_namespace::batch).
  void together(const std::function<void()>& emits) override;

  size_t clients_count() const noexcept { return io_.clients_count(); }

 private:
  socketio::server& io_;
  socketio::io_namespace& root_;
  restaurant_activity& activity_;
};

}  // namespace brigade::realtime
