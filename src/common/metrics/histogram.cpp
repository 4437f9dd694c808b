#include "common/metrics/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace brigade::metrics {

histogram::histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i])) throw std::invalid_argument("histogram bounds must be finite (+Inf is implicit)");
    if (i > 0 && bounds_[i] <= bounds_[i - 1]) {
      throw std::invalid_argument("histogram bounds must be strictly increasing");
    }
  }
  counts_ = std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1);
}

void histogram::observe(double value) noexcept {
  // Prometheus buckets are "less than or equal": the first bound >= value.
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  counts_[static_cast<size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

histogram_snapshot histogram::snapshot() const {
  histogram_snapshot out;
  out.bounds = bounds_;
  out.cumulative.resize(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    out.cumulative[i] = running;
  }
  out.count = running;
  out.sum = sum_.load(std::memory_order_relaxed);
  return out;
}

histogram_snapshot histogram_snapshot::minus(const histogram_snapshot& earlier) const {
  histogram_snapshot out = *this;
  for (size_t i = 0; i < out.cumulative.size() && i < earlier.cumulative.size(); ++i) {
    out.cumulative[i] -= std::min(out.cumulative[i], earlier.cumulative[i]);
  }
  out.count -= std::min(out.count, earlier.count);
  out.sum -= earlier.sum;
  return out;
}

double histogram_snapshot::quantile(double q) const {
  if (count == 0 || bounds.empty()) return 0;
  const double rank = q * static_cast<double>(count);
  size_t i = 0;
  while (i < cumulative.size() && static_cast<double>(cumulative[i]) < rank) ++i;
  if (i >= bounds.size()) return bounds.back();
  const double lower = i == 0 ? 0 : bounds[i - 1];
  const double below = i == 0 ? 0 : static_cast<double>(cumulative[i - 1]);
  const double in_bucket = static_cast<double>(cumulative[i]) - below;
  if (in_bucket <= 0) return bounds[i];
  return lower + (bounds[i] - lower) * (rank - below) / in_bucket;
}

std::vector<double> latency_buckets() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
}

}  // namespace brigade::metrics
