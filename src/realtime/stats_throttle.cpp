#include "realtime/stats_throttle.hpp"

namespace brigade::realtime {

stats_throttle::stats_throttle(boost::asio::any_io_executor timers, std::chrono::milliseconds interval,
                               room_emitter& out)
    : timers_(std::move(timers)), interval_(interval), out_(out) {}

stats_throttle::~stats_throttle() {
  std::lock_guard lock(mutex_);
  for (auto& [key, ch] : channels_) ch->timer.cancel();
}

void stats_throttle::offer(kitchen::restaurant_id restaurant, const std::vector<room>& rooms,
                           std::string_view name, nlohmann::ordered_json payload) {
  channel_key key{restaurant, std::string(name)};
  // Emitting under the lock keeps sends in offer order; emit only posts.
  std::lock_guard lock(mutex_);
  auto& slot = channels_[key];
  if (!slot) slot = std::make_unique<channel>(timers_);
  channel& ch = *slot;
  const auto now = clock::now();
  if (!ch.timer_armed && (!ch.last_sent || now - *ch.last_sent >= interval_)) {
    out_.emit_to_rooms(restaurant, rooms, name, std::move(payload));
    // Stamped after the send, as on_timer does: the next send then leaves
    // at least one interval after this one did, however long emitting took.
    ch.last_sent = clock::now();
    return;
  }
  ch.pending = pending_event{rooms, std::move(payload)};
  if (ch.timer_armed) return;
  ch.timer_armed = true;
  ch.timer.expires_at(*ch.last_sent + interval_);
  ch.timer.async_wait([this, key](const boost::system::error_code& ec) {
    if (!ec) on_timer(key);
  });
}

void stats_throttle::on_timer(const channel_key& key) {
  std::lock_guard lock(mutex_);
  auto it = channels_.find(key);
  if (it == channels_.end()) return;
  channel& ch = *it->second;
  ch.timer_armed = false;
  if (!ch.pending) return;
  out_.emit_to_rooms(key.first, ch.pending->rooms, key.second, std::move(ch.pending->payload));
  ch.pending.reset();
  ch.last_sent = clock::now();
}

}  // namespace brigade::realtime
