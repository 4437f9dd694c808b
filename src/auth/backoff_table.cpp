#include "auth/backoff_table.hpp"

#include <algorithm>

namespace brigade::auth {

std::optional<std::chrono::seconds> backoff_table::wait(std::string_view key, clock::time_point now) const {
  const auto it = records_.find(std::string(key));
  if (it == records_.end() || now >= it->second.next_allowed) return std::nullopt;
  const auto left = it->second.next_allowed - now;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(left));
}

unsigned backoff_table::failures(std::string_view key, clock::time_point now) const {
  const auto it = records_.find(std::string(key));
  if (it == records_.end() || forgotten(it->second, now)) return 0;
  return it->second.failures;
}

void backoff_table::fail(std::string_view key, clock::time_point now, unsigned free_attempts) {
  auto it = records_.find(std::string(key));
  if (it == records_.end()) {
    if (records_.size() >= limits_.max_entries) make_room(now);
    it = records_.emplace(std::string(key), record{}).first;
  }
  record& r = it->second;
  if (r.failures > 0 && forgotten(r, now)) r = record{};
  ++r.failures;
  r.last_failure = now;
  if (r.failures >= std::max(free_attempts, 1u)) {
    const unsigned doublings = std::min(r.failures - std::max(free_attempts, 1u), 20u);
    r.next_allowed = now + std::min<std::chrono::seconds>(std::chrono::seconds(1LL << doublings), limits_.max_delay);
  }
}

void backoff_table::clear(std::string_view key) { records_.erase(std::string(key)); }

void backoff_table::make_room(clock::time_point now) {
  // Every forgotten record goes in one sweep, so a full table of stale keys
  // costs one scan rather than one per insert; failing that, the oldest.
  std::erase_if(records_, [&](const auto& entry) { return forgotten(entry.second, now); });
  if (records_.size() < limits_.max_entries) return;
  auto oldest = records_.begin();
  for (auto it = records_.begin(); it != records_.end(); ++it) {
    if (it->second.last_failure < oldest->second.last_failure) oldest = it;
  }
  if (oldest != records_.end()) records_.erase(oldest);
}

}  // namespace brigade::auth
