#include "realtime/event_broadcaster.hpp"

#include "realtime/event_routes.hpp"

namespace brigade::realtime {

void event_broadcaster::publish(const kitchen::domain_event& event) {
  // The parts count the immediate events only, as a replay does
  // (recovery_service.hpp: events_for_rooms).
  uint32_t part = 0;
  for (auto& out : route(event)) {
    if (out.mode == delivery::throttled) {
      throttled_.offer(event.restaurant, out.rooms, out.name, std::move(out.payload));
    } else {
      immediate_.emit_to_rooms(event.restaurant, out.rooms, out.name, std::move(out.payload),
                               stream_position{event.sequence, part++});
    }
  }
}

void event_broadcaster::publish_all(const std::vector<kitchen::domain_event>& events) {
  immediate_.together([&] {
    for (const kitchen::domain_event& e : events) publish(e);
  });
}

}  // namespace brigade::realtime
