#include "common/metrics/registry.hpp"

#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/metrics/catalog.hpp"

namespace brigade::metrics {
namespace {

TEST(MetricsRegistry, RendersEveryKindInRegistrationOrder) {
  registry r;
  r.add_counter("c_total", "A counter.").inc(3);
  r.add_gauge("g", "A gauge.").add(-2);
  auto& fam = r.add_counter_family("f_total", "A family.", {"route", "status"});
  fam.with({"/api/orders/{id}", "200"}).inc();
  fam.with({"/api/orders/{id}", "200"}).inc();
  fam.with({"static", "404"}).inc();
  r.add_histogram("h_seconds", "A histogram.", {0.1, 1}).observe(0.5);
  r.add_callback("cb", "A callback.", metric_type::gauge, [] { return std::vector<sample>{{"", {{"v", "1.0"}}, 7}}; });
  EXPECT_EQ(r.render_text(),
            "# HELP c_total A counter.\n# TYPE c_total counter\nc_total 3\n"
            "# HELP g A gauge.\n# TYPE g gauge\ng -2\n"
            "# HELP f_total A family.\n# TYPE f_total counter\n"
            "f_total{route=\"/api/orders/{id}\",status=\"200\"} 2\n"
            "f_total{route=\"static\",status=\"404\"} 1\n"
            "# HELP h_seconds A histogram.\n# TYPE h_seconds histogram\n"
            "h_seconds_bucket{le=\"0.1\"} 0\nh_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 1\n"
            "h_seconds_sum 0.5\nh_seconds_count 1\n"
            "# HELP cb A callback.\n# TYPE cb gauge\ncb{v=\"1.0\"} 7\n");
}

TEST(MetricsRegistry, RefusesDuplicateAndInvalidNames) {
  registry r;
  r.add_counter("x_total", "x");
  EXPECT_THROW(r.add_gauge("x_total", "again"), std::invalid_argument);
  EXPECT_THROW(r.add_counter("bad-name", "x"), std::invalid_argument);
  EXPECT_THROW(r.add_counter_family("y_total", "y", {"le"}), std::invalid_argument);
  EXPECT_THROW(r.add_counter_family("z_total", "z", {}), std::invalid_argument);
}

TEST(MetricsRegistry, FamiliesRefuseTheWrongNumberOfLabelValues) {
  registry r;
  auto& fam = r.add_counter_family("f_total", "f", {"a", "b"});
  EXPECT_THROW(fam.with("one"), std::invalid_argument);
  EXPECT_THROW(fam.with({"one", "two", "three"}), std::invalid_argument);
}

TEST(MetricsRegistry, FamiliesBoundTheirSeries) {
  counter_family fam(
      {"event"}, [] { return std::make_unique<counter>(); }, 3);
  for (int i = 0; i < 10; ++i) fam.with("e" + std::to_string(i)).inc();
  size_t series = 0;
  uint64_t other = 0;
  fam.for_each([&](const std::vector<std::string>& values, const counter& c) {
    ++series;
    if (values[0] == "_other") other = c.value();
  });
  EXPECT_EQ(series, 4u);  // three named, one overflow
  EXPECT_EQ(other, 7u);
}

TEST(MetricsRegistry, CountersAndFamiliesAreExactUnderConcurrency) {
  registry r;
  auto& c = r.add_counter("c_total", "c");
  auto& g = r.add_gauge("g", "g");
  auto& fam = r.add_counter_family("f_total", "f", {"event"});
  auto& h = r.add_histogram("h", "h", {1});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        c.inc();
        g.add(t % 2 == 0 ? 1 : -1);
        fam.with(i % 2 == 0 ? "even" : "odd").inc();
        h.observe(0.5);
        if (i % 1000 == 0) (void)r.render_text();  // scrapes race the writers
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), uint64_t{kThreads} * kPerThread);
  EXPECT_EQ(g.value(), 0);
  EXPECT_EQ(fam.with("even").value() + fam.with("odd").value(), uint64_t{kThreads} * kPerThread);
  EXPECT_EQ(h.snapshot().count, uint64_t{kThreads} * kPerThread);
}

TEST(MetricsCatalog, RegistersBrigadeMetricsOnce) {
  const auto& a = brigade();
  const auto& b = brigade();
  EXPECT_EQ(&a, &b);
  const std::string text = default_registry().render_text();
  EXPECT_NE(text.find("# TYPE brigade_connections gauge"), std::string::npos);
  EXPECT_NE(text.find("brigade_errors_total{kind=\"handshake_refused\"} "), std::string::npos);
  EXPECT_NE(text.find("# TYPE brigade_broadcast_latency_seconds histogram"), std::string::npos);
}

}  // namespace
}  // namespace brigade::metrics
