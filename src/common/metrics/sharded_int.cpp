#include "common/metrics/sharded_int.hpp"

namespace brigade::metrics {

int64_t sharded_int::sum() const noexcept {
  int64_t total = 0;
  for (const auto& l : shards_) total += l.value.load(std::memory_order_relaxed);
  return total;
}

size_t sharded_int::shard_of_this_thread() noexcept {
  // Threads take lines in the order they first count, so the first kShards
  // threads (the loops start first) each own a line.
  static std::atomic<size_t> next{0};
  thread_local const size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return mine;
}

}  // namespace brigade::metrics
