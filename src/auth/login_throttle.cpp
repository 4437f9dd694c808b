#include "auth/login_throttle.hpp"

#include <algorithm>

namespace brigade::auth {
namespace {

// Usernames are short; a longer key would only waste memory.
constexpr size_t kMaxKey = 128;

std::string key_of(std::string_view username) { return std::string(username.substr(0, kMaxKey)); }

}  // namespace

std::optional<std::chrono::seconds> login_throttle::wait_before_attempt(std::string_view username,
                                                                        clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto it = records_.find(key_of(username));
  if (it == records_.end() || now >= it->second.next_allowed) return std::nullopt;
  const auto left = it->second.next_allowed - now;
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(left));
}

void login_throttle::record_failure(std::string_view username, clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto key = key_of(username);
  auto it = records_.find(key);
  if (it == records_.end()) {
    if (records_.size() >= settings_.max_entries) evict_one_locked(now);
    it = records_.emplace(std::move(key), record{}).first;
  }
  record& r = it->second;
  if (r.failures > 0 && now - r.last_failure > settings_.forget_after) r = record{};
  ++r.failures;
  r.last_failure = now;
  if (r.failures >= settings_.free_attempts) {
    const unsigned doublings = std::min(r.failures - settings_.free_attempts, 20u);
    const auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(1LL << doublings), settings_.max_delay);
    r.next_allowed = now + delay;
  }
}

void login_throttle::record_success(std::string_view username) {
  std::lock_guard lock(mutex_);
  records_.erase(key_of(username));
}

void login_throttle::evict_one_locked(clock::time_point now) {
  // Forgotten records first; otherwise the one whose last failure is oldest.
  auto oldest = records_.begin();
  for (auto it = records_.begin(); it != records_.end(); ++it) {
    if (now - it->second.last_failure > settings_.forget_after) {
      records_.erase(it);
      return;
    }
    if (it->second.last_failure < oldest->second.last_failure) oldest = it;
  }
  if (oldest != records_.end()) records_.erase(oldest);
}

}  // namespace brigade::auth
