#include "realtime/event_broadcaster.hpp"

#include "realtime/event_routes.hpp"

namespace brigade::realtime {

void event_broadcaster::publish(const kitchen::domain_event& event) {
  for (auto& out : route(event)) {
    if (out.mode == delivery::throttled) {
      throttled_.offer(event.restaurant, out.rooms, out.name, std::move(out.payload));
    } else {
      immediate_.emit_to_rooms(event.restaurant, out.rooms, out.name, out.payload);
    }
  }
}

}  // namespace brigade::realtime
