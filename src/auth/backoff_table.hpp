#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace brigade::auth {

/// Failure counts by key, each with the moment its next attempt is allowed:
/// the building block of login_throttle. A key's first `free_attempts`
/// failures cost nothing; after that each failure makes the next attempt wait
/// 1 s, 2 s, 4 s … up to `max_delay`. A key without a failure for
/// `forget_after` starts again from zero. At most `max_entries` keys are kept:
/// forgotten ones are dropped first, then the one whose last failure is
/// oldest, so a flood of invented keys cannot grow memory.
/// Thread-safety: none; login_throttle guards it with its mutex.
class backoff_table {
 public:
  using clock = std::chrono::steady_clock;

  struct limits {
    std::chrono::seconds max_delay{60};
    std::chrono::seconds forget_after{15 * 60};
    size_t max_entries = 10'000;
  };

  explicit backoff_table(limits l) : limits_(l) {}

  /// How long `key` must still wait, rounded up to whole seconds; nullopt
  /// when it may try now.
  std::optional<std::chrono::seconds> wait(std::string_view key, clock::time_point now) const;
  /// Failures of `key` not yet forgotten at `now`.
  unsigned failures(std::string_view key, clock::time_point now) const;
  /// Counts one failure; from the `free_attempts`-th on, the next attempt waits.
  void fail(std::string_view key, clock::time_point now, unsigned free_attempts);
  void clear(std::string_view key);
  size_t size() const noexcept { return records_.size(); }

 private:
  struct record {
    unsigned failures = 0;
    clock::time_point last_failure{};
    clock::time_point next_allowed{};
  };
  bool forgotten(const record& r, clock::time_point now) const { return now - r.last_failure > limits_.forget_after; }
  void make_room(clock::time_point now);

  limits limits_;
  std::unordered_map<std::string, record> records_;
};

}  // namespace brigade::auth
