#include "common/metrics/histogram.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace brigade::metrics {
namespace {

TEST(MetricsHistogram, CountsIntoLessOrEqualBuckets) {
  histogram h({1, 2, 5});
  h.observe(0.5);
  h.observe(1);  // on the bound: in the "le=1" bucket
  h.observe(3);
  h.observe(100);
  const auto s = h.snapshot();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{2, 2, 3, 4}));
  EXPECT_EQ(s.count, 4u);
  EXPECT_DOUBLE_EQ(s.sum, 104.5);
}

TEST(MetricsHistogram, RefusesBoundsThatAreNotIncreasingOrFinite) {
  EXPECT_THROW(histogram({1, 1}), std::invalid_argument);
  EXPECT_THROW(histogram({2, 1}), std::invalid_argument);
  EXPECT_THROW(histogram({1, std::numeric_limits<double>::infinity()}), std::invalid_argument);
}

TEST(MetricsHistogram, QuantilesInterpolateWithinTheBucket) {
  histogram h({1, 2, 4});
  for (int i = 0; i < 10; ++i) h.observe(1.5);  // all in (1, 2]
  const auto s = h.snapshot();
  EXPECT_DOUBLE_EQ(s.quantile(0.5), 1.5);
  EXPECT_DOUBLE_EQ(s.quantile(1.0), 2.0);
  EXPECT_DOUBLE_EQ(histogram({1}).snapshot().quantile(0.5), 0.0);
}

TEST(MetricsHistogram, DeltasKeepOnlyWhatHappenedInBetween) {
  histogram h({1, 10});
  h.observe(0.5);
  const auto before = h.snapshot();
  h.observe(5);
  h.observe(5);
  const auto delta = h.snapshot().minus(before);
  EXPECT_EQ(delta.count, 2u);
  EXPECT_EQ(delta.cumulative, (std::vector<uint64_t>{0, 2, 2}));
  EXPECT_GT(delta.quantile(0.5), 1.0);
}

TEST(MetricsHistogram, OverflowQuantileIsTheHighestBound) {
  histogram h({1, 2});
  h.observe(50);
  EXPECT_DOUBLE_EQ(h.snapshot().quantile(0.99), 2.0);
}

}  // namespace
}  // namespace brigade::metrics
