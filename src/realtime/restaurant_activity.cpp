#include "realtime/restaurant_activity.hpp"

namespace brigade::realtime {

void restaurant_activity::socket_connected(kitchen::restaurant_id r, bool comeback) {
  std::lock_guard lock(mutex_);
  auto& t = restaurants_[r];
  ++t.sockets;
  if (comeback) ++t.reconnections;
}

void restaurant_activity::socket_disconnected(kitchen::restaurant_id r) {
  std::lock_guard lock(mutex_);
  --restaurants_[r].sockets;
}

void restaurant_activity::event_emitted(kitchen::restaurant_id r) {
  std::lock_guard lock(mutex_);
  ++restaurants_[r].events;
}

restaurant_activity::totals restaurant_activity::of(kitchen::restaurant_id r) const {
  std::lock_guard lock(mutex_);
  const auto it = restaurants_.find(r);
  return it == restaurants_.end() ? totals{} : it->second;
}

}  // namespace brigade::realtime
