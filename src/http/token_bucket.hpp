#pragma once

#include <chrono>

namespace brigade::http {

/// A token bucket: `rate` tokens per second flow in up to `burst`; each
/// admitted action takes one. It starts full, so `burst` actions pass at
/// once and then `rate` per second on average. A rate of 0 means unlimited.
/// Pure: it reads no clock, the caller passes the time (a steady clock), so
/// tests drive it with made-up instants.
/// Plain value type; not thread-safe (guard it, or keep it on one loop).
class token_bucket {
 public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;

  /// An unlimited bucket.
  token_bucket() = default;
  /// A full bucket. `burst` below 1 counts as 1 (an action needs one whole
  /// token); `rate` 0 (or negative) makes the bucket unlimited.
  token_bucket(double rate, double burst, time_point now);

  /// Takes a token if there is one at `now`.
  bool try_take(time_point now);

  /// How long from `now` until a token is available: zero if one is now or
  /// the bucket is unlimited.
  clock::duration wait_for_token(time_point now) const;

  /// True when the bucket holds `burst` tokens at `now`: it then behaves
  /// exactly as a new one, so a table of buckets may forget it.
  bool full(time_point now) const;

  bool unlimited() const noexcept { return rate_ <= 0; }
  double rate() const noexcept { return rate_; }
  double burst() const noexcept { return burst_; }
  /// Tokens at `now` (fractional).
  double tokens(time_point now) const;

 private:
  double rate_ = 0;
  double burst_ = 1;
  double tokens_ = 1;
  time_point updated_{};
};

}  // namespace brigade::http
