#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/metrics/histogram.hpp"

namespace brigade::realtime {

/// One second of the server's life as the admin dashboard shows it: levels
/// now, rates over the interval since the previous sample. Plain value type.
struct admin_sample {
  timestamp time{};
  int64_t interval_ms = 0;
  int64_t connections_polling = 0;
  int64_t connections_websocket = 0;
  double events_per_second = 0;
  double messages_per_second = 0;
  double http_requests_per_second = 0;
  // Percentiles of brigade_broadcast_latency_seconds over the interval (0
  // when nothing was broadcast).
  double latency_p50_ms = 0;
  double latency_p95_ms = 0;
  double latency_p99_ms = 0;
  std::map<std::string, double> errors_per_second;  // by kind
  int64_t reconnections = 0;                        // in the interval
  int64_t rss_bytes = 0;
};

/// The `admin:metrics` payload of a sample (docs/operations.md, "Live admin
/// feed"), without the restaurant's throughput. Pure.
nlohmann::json admin_sample_json(const admin_sample& s);

/// Turns Brigade's metrics (common/metrics/catalog.hpp) into admin samples:
/// each call reads the counters and reports what moved since the previous
/// call. The first call's rates are over the time since construction.
/// Not thread-safe: one owner calls `sample` (the feed's timer).
class admin_sampler {
 public:
  using clock = std::chrono::steady_clock;
  /// `resident_bytes` reads the process's RSS (the app reads /proc).
  explicit admin_sampler(std::function<int64_t()> resident_bytes, clock::time_point now = clock::now());

  admin_sample sample(timestamp wall, clock::time_point now);

 private:
  struct totals {
    uint64_t events = 0;
    uint64_t messages = 0;
    uint64_t http_requests = 0;
    uint64_t reconnections = 0;
    std::map<std::string, uint64_t> errors;
    metrics::histogram_snapshot latency;
  };
  static totals read_totals();

  std::function<int64_t()> resident_bytes_;
  clock::time_point last_at_;
  totals last_;
};

}  // namespace brigade::realtime
