#pragma once

#include <cstdint>

#include "common/metrics/sharded_int.hpp"

namespace brigade::metrics {

/// A monotonically increasing count (Prometheus type `counter`).
/// Thread-safety: `inc` and `value` are safe from any thread and lock-free;
/// increments from different threads do not contend (sharded_int).
class counter {
 public:
  void inc(uint64_t n = 1) noexcept { value_.add(static_cast<int64_t>(n)); }
  uint64_t value() const noexcept { return static_cast<uint64_t>(value_.sum()); }

 private:
  sharded_int value_;
};

}  // namespace brigade::metrics
