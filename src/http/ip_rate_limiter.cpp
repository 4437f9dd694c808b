#include "http/ip_rate_limiter.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "http/address_key.hpp"

namespace brigade::http {

ip_rate_limiter::ip_rate_limiter(double rate, double burst, size_t max_addresses)
    : rate_(rate > 0 ? rate : 0), burst_(burst), shard_capacity_(std::max<size_t>(1, max_addresses / kShards)) {}

ip_rate_limiter::decision ip_rate_limiter::check(std::string_view remote_address, time_point now) {
  if (!enabled()) return {};
  // One client per IPv4 address, per IPv6 /64 (address_key.hpp).
  const std::string key = address_key(remote_address);
  const std::string_view ip = key;
  shard& s = shards_[string_hash{}(ip) % kShards];
  std::lock_guard lock(s.mutex);
  if (now - s.last_sweep >= kSweepInterval) sweep(s, now);
  auto it = s.entries.find(ip);
  if (it == s.entries.end()) {
    if (s.entries.size() >= shard_capacity_) {
      sweep(s, now);
      // Free at least a quarter of the shard, so that a flood of new
      // addresses costs one O(n) pass per n/4 insertions, not per insertion.
      if (s.entries.size() > keep_after_eviction()) evict_oldest(s);
    }
    it = s.entries.emplace(std::string(ip), entry{token_bucket(rate_, burst_, now), now}).first;
  }
  entry& e = it->second;
  e.touched = std::max(e.touched, now);
  if (e.bucket.try_take(now)) return {};
  const auto wait = std::chrono::ceil<std::chrono::seconds>(e.bucket.wait_for_token(now));
  return decision{false, std::max(wait, std::chrono::seconds(1))};
}

void ip_rate_limiter::sweep(shard& s, time_point now) {
  s.last_sweep = now;
  std::erase_if(s.entries, [now](const auto& item) { return item.second.bucket.full(now); });
}

void ip_rate_limiter::evict_oldest(shard& s) {
  const size_t keep = keep_after_eviction();
  if (s.entries.size() <= keep) return;
  const size_t drop = s.entries.size() - keep;
  using iterator = decltype(s.entries)::iterator;
  std::vector<std::pair<time_point, iterator>> by_age;
  by_age.reserve(s.entries.size());
  for (auto it = s.entries.begin(); it != s.entries.end(); ++it) by_age.emplace_back(it->second.touched, it);
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(drop - 1), by_age.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // Erasing one element of an unordered_map leaves iterators to the others valid.
  for (size_t i = 0; i < drop; ++i) s.entries.erase(by_age[i].second);
}

size_t ip_rate_limiter::size() const {
  size_t total = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mutex);
    total += s.entries.size();
  }
  return total;
}

}  // namespace brigade::http
