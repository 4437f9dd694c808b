#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string_view>

#include "auth/backoff_table.hpp"

namespace brigade::auth {

/// Slows down password guessing without handing anyone a way to lock a
/// colleague out (docs/security.md, "Failed logins"). Failures are counted
/// three ways, unknown usernames like known ones:
///
/// - per (address, username) pair: `pair_free_attempts` free failures, then
///   the next attempt from that address for that username waits 1 s, 2 s,
///   4 s … up to `max_delay`. Only this pair's own failures slow it, so
///   guesses from another address never stop the real user;
/// - per address over all usernames: `address_free_attempts`, then the same
///   doubling for every username from that address (username spraying,
///   invented usernames);
/// - per username over all addresses: never makes anyone wait by itself;
///   once `username_alarm` failures are counted, every pair of that username
///   backs off from its first failure instead of its sixth, which bounds a
///   guesser spread over many addresses.
///
/// A success clears its pair only (not the address: an account of one's own
/// must not reset a spraying address). Addresses are taken as given: the
/// caller folds IPv6 addresses into their /64.
/// Thread-safety: every member may be called from any thread at once.
class login_throttle {
 public:
  using clock = backoff_table::clock;

  struct settings {
    /// A person mistyping a password a few times is never slowed down.
    unsigned pair_free_attempts = 5;
    /// A restaurant behind one NAT address mistypes more, all together.
    unsigned address_free_attempts = 20;
    unsigned username_alarm = 20;
    /// A minute, not a quarter of an hour: the worst a shared address can
    /// cost the real user per attempt.
    std::chrono::seconds max_delay{60};
    std::chrono::seconds forget_after{15 * 60};
    /// Per table (pairs, addresses, usernames).
    size_t max_entries = 10'000;
  };

  login_throttle() : login_throttle(settings{}) {}
  explicit login_throttle(settings s);

  /// How long this address must still wait before trying this username
  /// (whole seconds, rounded up), or nullopt when it may try now.
  std::optional<std::chrono::seconds> wait_before_attempt(std::string_view address, std::string_view username,
                                                          clock::time_point now);
  void record_failure(std::string_view address, std::string_view username, clock::time_point now);
  void record_success(std::string_view address, std::string_view username);

 private:
  settings settings_;
  std::mutex mutex_;
  backoff_table pairs_;
  backoff_table addresses_;
  backoff_table usernames_;
};

}  // namespace brigade::auth
