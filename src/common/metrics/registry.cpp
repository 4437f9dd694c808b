#include "common/metrics/registry.hpp"

#include <stdexcept>

namespace brigade::metrics {
namespace {

std::vector<std::pair<std::string, std::string>> zip_labels(const std::vector<std::string>& names,
                                                            const std::vector<std::string>& values) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(names.size());
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) out.emplace_back(names[i], values[i]);
  return out;
}

void add_histogram_samples(const histogram& h, const std::vector<std::pair<std::string, std::string>>& labels,
                           std::vector<sample>& out) {
  const auto snap = h.snapshot();
  for (size_t i = 0; i < snap.cumulative.size(); ++i) {
    auto with_le = labels;
    with_le.emplace_back("le", i < snap.bounds.size() ? format_value(snap.bounds[i]) : "+Inf");
    out.push_back(sample{"_bucket", std::move(with_le), static_cast<double>(snap.cumulative[i])});
  }
  out.push_back(sample{"_sum", labels, snap.sum});
  out.push_back(sample{"_count", labels, static_cast<double>(snap.count)});
}

void check_labels(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    if (!valid_name(n, true) || n == "le") throw std::invalid_argument("invalid label name: " + n);
  }
}

}  // namespace

void registry::add(entry e) {
  if (!valid_name(e.name)) throw std::invalid_argument("invalid metric name: " + e.name);
  std::lock_guard lock(mutex_);
  for (const auto& existing : entries_) {
    if (existing.name == e.name) throw std::invalid_argument("metric registered twice: " + e.name);
  }
  entries_.push_back(std::move(e));
}

template <typename Metric>
Metric& registry::add_value(std::string name, std::string help, metric_type type) {
  auto m = std::make_shared<Metric>();
  add(entry{std::move(name), std::move(help), type, [m](std::vector<sample>& out) {
              out.push_back(sample{"", {}, static_cast<double>(m->value())});
            }});
  std::lock_guard lock(mutex_);
  owned_.push_back(m);
  return *m;
}

template <typename Metric>
family<Metric>& registry::add_value_family(std::string name, std::string help, metric_type type,
                                           std::vector<std::string> label_names) {
  check_labels(label_names);
  auto f = std::make_shared<family<Metric>>(std::move(label_names), [] { return std::make_unique<Metric>(); });
  add(entry{std::move(name), std::move(help), type, [f](std::vector<sample>& out) {
              f->for_each([&](const std::vector<std::string>& values, const Metric& m) {
                out.push_back(sample{"", zip_labels(f->label_names(), values), static_cast<double>(m.value())});
              });
            }});
  std::lock_guard lock(mutex_);
  owned_.push_back(f);
  return *f;
}

counter& registry::add_counter(std::string name, std::string help) {
  return add_value<counter>(std::move(name), std::move(help), metric_type::counter);
}

counter_family& registry::add_counter_family(std::string name, std::string help, std::vector<std::string> label_names) {
  return add_value_family<counter>(std::move(name), std::move(help), metric_type::counter, std::move(label_names));
}

gauge& registry::add_gauge(std::string name, std::string help) {
  return add_value<gauge>(std::move(name), std::move(help), metric_type::gauge);
}

gauge_family& registry::add_gauge_family(std::string name, std::string help, std::vector<std::string> label_names) {
  return add_value_family<gauge>(std::move(name), std::move(help), metric_type::gauge, std::move(label_names));
}

histogram& registry::add_histogram(std::string name, std::string help, std::vector<double> bounds) {
  auto h = std::make_shared<histogram>(std::move(bounds));
  add(entry{std::move(name), std::move(help), metric_type::histogram,
            [h](std::vector<sample>& out) { add_histogram_samples(*h, {}, out); }});
  std::lock_guard lock(mutex_);
  owned_.push_back(h);
  return *h;
}

histogram_family& registry::add_histogram_family(std::string name, std::string help,
                                                 std::vector<std::string> label_names, std::vector<double> bounds) {
  check_labels(label_names);
  histogram probe(bounds);  // invalid bounds fail here, at registration, not at first use
  auto f = std::make_shared<histogram_family>(std::move(label_names),
                                              [bounds] { return std::make_unique<histogram>(bounds); });
  add(entry{std::move(name), std::move(help), metric_type::histogram, [f](std::vector<sample>& out) {
              f->for_each([&](const std::vector<std::string>& values, const histogram& h) {
                add_histogram_samples(h, zip_labels(f->label_names(), values), out);
              });
            }});
  std::lock_guard lock(mutex_);
  owned_.push_back(f);
  return *f;
}

void registry::add_callback(std::string name, std::string help, metric_type type, sample_reader read) {
  add(entry{std::move(name), std::move(help), type, [read = std::move(read)](std::vector<sample>& out) {
              for (auto& s : read()) out.push_back(std::move(s));
            }});
}

std::vector<family_snapshot> registry::collect() const {
  std::vector<entry> entries;
  {
    // Copy the list so a slow callback never holds up a registration.
    std::lock_guard lock(mutex_);
    entries = entries_;
  }
  std::vector<family_snapshot> out;
  out.reserve(entries.size());
  for (const auto& e : entries) {
    family_snapshot f{e.name, e.help, e.type, {}};
    e.collect(f.samples);
    out.push_back(std::move(f));
  }
  return out;
}

registry& default_registry() {
  static registry instance;
  return instance;
}

}  // namespace brigade::metrics
