#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace brigade::auth {

/// Slows down password guessing per username: the first `free_attempts`
/// failures cost nothing; after that each attempt must wait a delay that
/// doubles with every further failure (1 s, 2 s, 4 s … capped at
/// `max_delay`). A success clears the record; a record is forgotten after
/// `forget_after` without failures. Memory is bounded by `max_entries`
/// (oldest records evicted first), so a flood of invented usernames cannot
/// grow it.
/// Thread-safety: every member may be called from any thread at once.
class login_throttle {
 public:
  using clock = std::chrono::steady_clock;

  struct settings {
    /// A person mistyping a password a few times is never slowed down.
    unsigned free_attempts = 5;
    std::chrono::seconds max_delay{15 * 60};
    std::chrono::seconds forget_after{60 * 60};
    size_t max_entries = 10'000;
  };

  login_throttle() : login_throttle(settings{}) {}
  explicit login_throttle(settings s) : settings_(s) {}

  /// How long `username` must still wait before its next attempt (rounded
  /// up to whole seconds), or nullopt when it may try now.
  std::optional<std::chrono::seconds> wait_before_attempt(std::string_view username, clock::time_point now);
  void record_failure(std::string_view username, clock::time_point now);
  void record_success(std::string_view username);

 private:
  struct record {
    unsigned failures = 0;
    clock::time_point last_failure{};
    clock::time_point next_allowed{};
  };
  void evict_one_locked(clock::time_point now);

  settings settings_;
  std::mutex mutex_;
  std::unordered_map<std::string, record> records_;
};

}  // namespace brigade::auth
