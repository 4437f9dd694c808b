#pragma once

#include <cstdint>

#include "common/metrics/sharded_int.hpp"

namespace brigade::metrics {

/// An integer level that goes up and down (Prometheus type `gauge`): open
/// connections, queued bytes. Kept as adds and subtracts rather than a
/// `set`, so that many threads can move it without contending (each adds to
/// its own line); a value that is computed when scraped is a callback
/// instead (registry::add_callback).
/// Thread-safety: every member is safe from any thread; lock-free.
class gauge {
 public:
  void add(int64_t delta) noexcept { value_.add(delta); }
  void inc() noexcept { value_.add(1); }
  void dec() noexcept { value_.add(-1); }
  int64_t value() const noexcept { return value_.sum(); }

 private:
  sharded_int value_;
};

}  // namespace brigade::metrics
