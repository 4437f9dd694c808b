#include "realtime/event_broadcaster.hpp"

#include <utility>
#include <vector>

#include "realtime/event_routes.hpp"

namespace brigade::realtime {
namespace {

// A throttled emit kept until the command's immediate emits have left.
struct held_offer {
  kitchen::restaurant_id restaurant;
  outgoing_event out;
};

}  // namespace

void event_broadcaster::publish(const kitchen::domain_event& event) {
  publish_each({&event, 1}, kitchen::reach::everywhere);
}

void event_broadcaster::publish_all(const std::vector<kitchen::domain_event>& events) {
  publish_each(events, kitchen::reach::everywhere);
}

void event_broadcaster::publish_all(const std::vector<kitchen::domain_event>& events, kitchen::reach where) {
  publish_each(events, where);
}

void event_broadcaster::publish_each(std::span<const kitchen::domain_event> events, kitchen::reach where) {
  // Throttled updates are offered only once the immediate emits have been
  // handed to the loops (the end of `together`): the throttle's timer emits
  // from another thread, and an offer made inside `together` could let it
  // send this command's stats before this command's own events.
  std::vector<held_offer> offers;
  immediate_.together([&] {
    for (const kitchen::domain_event& event : events) {
      // The parts count the immediate events only, as a replay does
      // (recovery_service.hpp: events_for_rooms).
      uint32_t part = 0;
      for (auto& out : route(event)) {
        if (out.mode == delivery::throttled) {
          if (where != kitchen::reach::other_nodes) offers.push_back({event.restaurant, std::move(out)});
        } else {
          immediate_.emit_to_rooms(event.restaurant, out.rooms, out.name, std::move(out.payload),
                                   stream_position{event.sequence, part++}, where);
        }
      }
    }
  });
  for (auto& [restaurant, out] : offers) {
    throttled_.offer(restaurant, out.rooms, out.name, std::move(out.payload));
  }
}

}  // namespace brigade::realtime
