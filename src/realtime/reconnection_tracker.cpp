#include "realtime/reconnection_tracker.hpp"

#include <algorithm>
#include <vector>

namespace brigade::realtime {

bool reconnection_tracker::on_connect(const std::string& key, clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = disconnected_at_.find(key);
  if (it == disconnected_at_.end()) return false;
  const bool recent = now - it->second < window_;
  disconnected_at_.erase(it);
  return recent;
}

void reconnection_tracker::on_disconnect(const std::string& key, clock::time_point now) {
  std::lock_guard lock(mutex_);
  expire(now);
  if (disconnected_at_.size() >= max_entries_ && !disconnected_at_.contains(key)) {
    // Still full of entries inside the window: forget the oldest tenth at
    // once, so a flood of distinct identities costs one sort per many.
    std::vector<std::pair<clock::time_point, std::string>> by_age;
    by_age.reserve(disconnected_at_.size());
    for (const auto& [k, t] : disconnected_at_) by_age.emplace_back(t, k);
    const size_t drop = std::max<size_t>(1, max_entries_ / 10);
    std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(drop - 1), by_age.end());
    for (size_t i = 0; i < drop; ++i) disconnected_at_.erase(by_age[i].second);
  }
  disconnected_at_[key] = now;
}

void reconnection_tracker::expire(clock::time_point now) {
  // A full sweep at most once per window keeps each call O(1) amortised.
  if (now < next_sweep_) return;
  next_sweep_ = now + window_;
  std::erase_if(disconnected_at_, [&](const auto& entry) { return now - entry.second >= window_; });
}

size_t reconnection_tracker::size() const {
  std::lock_guard lock(mutex_);
  return disconnected_at_.size();
}

}  // namespace brigade::realtime
