#include "realtime/socket_service.hpp"

namespace brigade::realtime {

socket_service::socket_service(socketio::server& io, restaurant_activity& activity)
    : io_(io), root_(io.of("/")), activity_(activity) {}

void socket_service::emit_to_rooms(kitchen::restaurant_id restaurant, const std::vector<room>& rooms,
                                   std::string_view name, nlohmann::ordered_json payload,
                                   std::optional<stream_position> at, kitchen::reach where) {
  if (rooms.empty()) return;  // no rooms would mean "everyone": never what a route wants
  // The broadcaster calls this synchronously from publish(), right after
  // the commit: latency is measured from here (for throttled stats updates,
  // from the throttle's send, as their delay is deliberate).
  socketio::broadcast_operator target = socketio::broadcast_operator(root_).since(std::chrono::steady_clock::now());
  for (const auto& r : rooms) target = std::move(target).to(internal_room_name(restaurant, r));
  // Recoverable only where the namespace recovers sessions: elsewhere an
  // offset would be an unexplained last argument.
  if (at && root_.recovery() != nullptr) target = std::move(target).at(socketio::event_offset{at->sequence, at->part});
  // Committed elsewhere: its node told the cluster. Already sent here: the
  // others still need it.
  if (where == kitchen::reach::this_node) target = std::move(target).unpublished();
  if (where == kitchen::reach::other_nodes) target = std::move(target).published_only();
  target.emit(name, std::move(payload));
  if (where != kitchen::reach::other_nodes) activity_.event_emitted(restaurant);
}

void socket_service::together(const std::function<void()>& emits) {
  socketio::io_namespace::batch held(root_);
  emits();
}

}  // namespace brigade::realtime
