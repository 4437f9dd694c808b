#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace brigade::metrics {

/// A signed integer that many threads add to without contending: each thread
/// adds to its own cache line (one of kShards, picked once per thread), and
/// a reader sums the lines. An add is one relaxed atomic add on a line no
/// other busy thread writes, so an event loop counting every delivery pays
/// about what a plain increment costs. A read is a weakly consistent sum:
/// exact once the writers are quiet, never torn.
/// Thread-safety: every member is safe from any thread; lock-free.
class sharded_int {
 public:
  /// More than the loops plus the database workers of any machine we run
  /// on; threads beyond that share lines, which stays correct.
  static constexpr size_t kShards = 32;

  void add(int64_t delta) noexcept {
    shards_[shard_of_this_thread()].value.fetch_add(delta, std::memory_order_relaxed);
  }
  int64_t sum() const noexcept;

 private:
  struct alignas(64) line {
    std::atomic<int64_t> value{0};
  };
  static size_t shard_of_this_thread() noexcept;

  std::array<line, kShards> shards_{};
};

}  // namespace brigade::metrics
