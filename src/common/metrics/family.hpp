#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace brigade::metrics {

/// One metric per combination of label values: `brigade_errors_total{kind}`
/// is a family of counters. Looking a series up takes a shared lock (an
/// exclusive one the first time a combination is seen), so callers on a hot
/// path keep the reference: series live as long as the family.
/// A family holds at most `max_series` combinations; later ones all share
/// one series whose labels are "_other", so a label fed from outside can
/// never grow memory or the scrape without bound.
/// Thread-safety: every member is safe from any thread.
template <typename Metric>
class family {
 public:
  using factory = std::function<std::unique_ptr<Metric>()>;
  static constexpr size_t kDefaultMaxSeries = 1000;

  family(std::vector<std::string> label_names, factory make, size_t max_series = kDefaultMaxSeries)
      : label_names_(std::move(label_names)), make_(std::move(make)), max_series_(max_series) {
    if (label_names_.empty()) throw std::invalid_argument("a metric family needs at least one label");
  }

  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

  /// The series of these label values (as many as label names).
  Metric& with(std::initializer_list<std::string_view> values) { return with(std::vector<std::string_view>(values)); }
  Metric& with(const std::vector<std::string_view>& values) {
    if (values.size() != label_names_.size()) {
      throw std::invalid_argument("wrong number of label values for a metric family");
    }
    const std::string key = join(values);
    return find_or_add(key, [&] { return std::vector<std::string>(values.begin(), values.end()); });
  }
  /// The common one-label case, without building a key.
  Metric& with(std::string_view value) {
    if (label_names_.size() != 1) throw std::invalid_argument("wrong number of label values for a metric family");
    return find_or_add(value, [&] { return std::vector<std::string>{std::string(value)}; });
  }

  /// Calls `visit(label_values, metric)` for every series, in label order.
  void for_each(const std::function<void(const std::vector<std::string>&, const Metric&)>& visit) const {
    std::shared_lock lock(mutex_);
    for (const auto& [key, s] : series_) visit(s.values, *s.metric);
  }

 private:
  struct series {
    std::vector<std::string> values;
    std::unique_ptr<Metric> metric;
  };

  // Values joined with a NUL: label values are text, so no two
  // combinations share a key.
  static std::string join(const std::vector<std::string_view>& values) {
    std::string key;
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) key.push_back('\0');
      key.append(values[i]);
    }
    return key;
  }

  template <typename MakeValues>
  Metric& find_or_add(std::string_view key, MakeValues&& make_values) {
    {
      std::shared_lock lock(mutex_);
      if (auto it = series_.find(key); it != series_.end()) return *it->second.metric;
    }
    std::unique_lock lock(mutex_);
    if (auto it = series_.find(key); it != series_.end()) return *it->second.metric;
    if (series_.size() >= max_series_) {
      std::vector<std::string> other(label_names_.size(), "_other");
      const std::string other_key = join(std::vector<std::string_view>(other.begin(), other.end()));
      auto [it, added] = series_.try_emplace(other_key);
      if (added) it->second = series{std::move(other), make_()};
      return *it->second.metric;
    }
    auto [it, added] = series_.try_emplace(std::string(key));
    it->second = series{make_values(), make_()};
    return *it->second.metric;
  }

  std::vector<std::string> label_names_;
  factory make_;
  size_t max_series_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, series, std::less<>> series_;
};

}  // namespace brigade::metrics
