#pragma once

#include <span>

#include "kitchen/events.hpp"
#include "realtime/room_emitter.hpp"
#include "realtime/stats_throttle.hpp"

namespace brigade::realtime {

/// Announces committed domain events to the screens: routes each through
/// the routing table (event_routes.hpp) and hands immediate events to the
/// emitter and throttled ones to the stats throttle.
/// The kitchen service publishes after commit, in its store's announcement turn, in
/// sequence order; the emitter only posts to the loops, so events leave in
/// commit order per restaurant and a slow client never holds up a commit.
/// Thread-safety: `publish` may be called from any thread.
class event_broadcaster final : public kitchen::event_subscriber {
 public:
  event_broadcaster(room_emitter& immediate, stats_throttle& throttled)
      : immediate_(immediate), throttled_(throttled) {}

  void publish(const kitchen::domain_event& event) override;
  /// A command's events: their immediate emits leave together.
  void publish_all(const std::vector<kitchen::domain_event>& events) override;
  /// The same for `where`'s sockets. The other servers get no throttled
  /// update from here: each server's throttle sends its own.
  void publish_all(const std::vector<kitchen::domain_event>& events, kitchen::reach where) override;

 private:
  void publish_each(std::span<const kitchen::domain_event> events, kitchen::reach where);

  room_emitter& immediate_;
  stats_throttle& throttled_;
};

}  // namespace brigade::realtime
