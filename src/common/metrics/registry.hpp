#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/metrics/counter.hpp"
#include "common/metrics/exposition.hpp"
#include "common/metrics/family.hpp"
#include "common/metrics/gauge.hpp"
#include "common/metrics/histogram.hpp"

namespace brigade::metrics {

using counter_family = family<counter>;
using gauge_family = family<gauge>;
using histogram_family = family<histogram>;

/// The metrics a process exposes, in registration order. Metrics are
/// registered at start-up and live as long as the registry; the references
/// returned stay valid, so instrumented code keeps them and never looks a
/// metric up by name.
/// Thread-safety: every member is safe from any thread; `add_*` throws
/// std::invalid_argument for an invalid or already-registered name (a
/// programming error, found at start-up).
class registry {
 public:
  registry() = default;
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  counter& add_counter(std::string name, std::string help);
  counter_family& add_counter_family(std::string name, std::string help, std::vector<std::string> label_names);
  gauge& add_gauge(std::string name, std::string help);
  gauge_family& add_gauge_family(std::string name, std::string help, std::vector<std::string> label_names);
  histogram& add_histogram(std::string name, std::string help, std::vector<double> bounds);
  histogram_family& add_histogram_family(std::string name, std::string help, std::vector<std::string> label_names,
                                         std::vector<double> bounds);
  /// A value computed at scrape time (memory, CPU, the sizes of structures
  /// owned by one loop). `read` runs on the scraping thread: it must be
  /// thread-safe and fast; it may return several labelled samples.
  using sample_reader = std::function<std::vector<sample>()>;
  void add_callback(std::string name, std::string help, metric_type type, sample_reader read);

  /// Every family with its current samples.
  std::vector<family_snapshot> collect() const;
  /// `collect()` in the Prometheus text format (exposition.hpp).
  std::string render_text() const { return render(collect()); }

 private:
  struct entry {
    std::string name;
    std::string help;
    metric_type type;
    std::function<void(std::vector<sample>&)> collect;
  };
  void add(entry e);
  // Counters and gauges: one value each, read with value().
  template <typename Metric>
  Metric& add_value(std::string name, std::string help, metric_type type);
  template <typename Metric>
  family<Metric>& add_value_family(std::string name, std::string help, metric_type type,
                                   std::vector<std::string> label_names);

  mutable std::mutex mutex_;  // guards entries_, not the metrics themselves
  std::vector<entry> entries_;
  std::vector<std::shared_ptr<void>> owned_;  // the metrics and families entries_ point into
};

/// The process-wide registry that /metrics serves. Metrics describe the
/// process, so one registry per process is the natural scope, as in every
/// Prometheus client library; tests that need isolation make their own.
registry& default_registry();

}  // namespace brigade::metrics
