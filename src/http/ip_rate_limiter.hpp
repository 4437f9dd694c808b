#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/token_bucket.hpp"

namespace brigade::http {

/// A token bucket per client IP address (for HTTP requests or handshakes).
/// Called from every I/O loop at once: the table is split into a few shards,
/// each behind its own mutex, chosen by the address's hash, so loops rarely
/// wait for each other and no lock is held for more than a map operation.
/// Memory is bounded: a bucket that has refilled completely behaves like a
/// new one, so such stale entries are dropped by a periodic sweep; and when
/// a shard still reaches its share of `max_addresses` (a flood from many
/// addresses), the longest-untouched quarter of it is forgotten, which only
/// gives those addresses a fresh bucket.
/// Thread-safety: all members may be called from any thread.
class ip_rate_limiter {
 public:
  using clock = token_bucket::clock;
  using time_point = token_bucket::time_point;

  /// Whether a request may go ahead; if not, when to retry.
  struct decision {
    bool allowed = true;
    /// Seconds until the address has a token again, rounded up, at least 1
    /// (the HTTP `Retry-After` value); zero when allowed.
    std::chrono::seconds retry_after{0};
    explicit operator bool() const noexcept { return allowed; }
  };

  /// Enough for every client of a busy site, small enough (about 100 bytes
  /// an entry, some 10 MB in all) that a flood of addresses cannot exhaust
  /// memory.
  static constexpr size_t kDefaultMaxAddresses = 100'000;
  /// How often a shard drops its refilled buckets.
  static constexpr std::chrono::seconds kSweepInterval{60};

  /// `rate` per second and `burst` per address; rate 0 allows everything and
  /// keeps no state.
  ip_rate_limiter(double rate, double burst, size_t max_addresses = kDefaultMaxAddresses);
  ip_rate_limiter(const ip_rate_limiter&) = delete;
  ip_rate_limiter& operator=(const ip_rate_limiter&) = delete;

  /// Takes a token from `ip`'s bucket at `now`.
  /// `remote_address` is counted as its client: an IPv6 address by its /64
  /// (address_key.hpp).
  decision check(std::string_view remote_address, time_point now);

  bool enabled() const noexcept { return rate_ > 0; }
  /// Addresses currently tracked (for tests and monitoring).
  size_t size() const;

 private:
  static constexpr size_t kShards = 16;

  struct string_hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  struct entry {
    token_bucket bucket;
    time_point touched;
  };
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, entry, string_hash, std::equal_to<>> entries;
    time_point last_sweep{};
  };

  void sweep(shard& s, time_point now);
  void evict_oldest(shard& s);
  /// Entries a full shard keeps when it evicts: three quarters (at least one
  /// fewer than its capacity).
  size_t keep_after_eviction() const noexcept { return shard_capacity_ - std::max<size_t>(1, shard_capacity_ / 4); }

  double rate_;
  double burst_;
  size_t shard_capacity_;
  std::array<shard, kShards> shards_;
};

}  // namespace brigade::http
