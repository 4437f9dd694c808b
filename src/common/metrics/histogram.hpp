#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace brigade::metrics {

/// What a histogram held at one moment: cumulative counts per upper bound
/// (`cumulative[i]` = observations <= `bounds[i]`; the last entry, one past
/// the bounds, is every observation, the `+Inf` bucket), their sum and count.
/// Plain value type.
struct histogram_snapshot {
  std::vector<double> bounds;
  std::vector<uint64_t> cumulative;
  double sum = 0;
  uint64_t count = 0;

  /// `*this - earlier` bucket by bucket: what was observed in between.
  /// Both must come from the same histogram.
  histogram_snapshot minus(const histogram_snapshot& earlier) const;
  /// The q-quantile (0 < q <= 1) estimated as Prometheus'
  /// histogram_quantile does: linear within the bucket that holds it; the
  /// highest finite bound if it falls in +Inf; 0 when empty.
  double quantile(double q) const;
};

/// Counts observations into fixed buckets (Prometheus type `histogram`).
/// The bounds are fixed at construction, so an observation is a search over
/// a short array and two or three relaxed atomic adds: no lock, no
/// allocation.
/// Thread-safety: `observe` and `snapshot` are safe from any thread; a
/// snapshot taken during observations may be off by those in flight.
class histogram {
 public:
  /// `upper_bounds` strictly increasing and finite; throws
  /// std::invalid_argument otherwise (start-up only).
  explicit histogram(std::vector<double> upper_bounds);

  void observe(double value) noexcept;
  histogram_snapshot snapshot() const;
  const std::vector<double>& bounds() const noexcept { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1, the last is +Inf
  std::atomic<double> sum_{0};
};

/// Buckets for latencies from 50 µs to 1 s, in seconds: a broadcast on an
/// idle loop takes tens of microseconds; past a second something is wrong
/// and the exact figure matters less than that it is there.
std::vector<double> latency_buckets();

}  // namespace brigade::metrics
