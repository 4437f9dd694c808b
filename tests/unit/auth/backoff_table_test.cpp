#include "auth/backoff_table.hpp"

#include <string>

#include <gtest/gtest.h>

namespace brigade::auth {
namespace {

using namespace std::chrono_literals;

const auto backoff_t0 = backoff_table::clock::time_point{} + 1000s;

TEST(BackoffTable, CountsFailuresAndForgetsThemAfterAQuietSpell) {
  backoff_table table({.max_delay = 60s, .forget_after = 100s, .max_entries = 10});
  table.fail("k", backoff_t0, 3);
  table.fail("k", backoff_t0 + 1s, 3);
  EXPECT_EQ(table.failures("k", backoff_t0 + 1s), 2u);
  EXPECT_FALSE(table.wait("k", backoff_t0 + 1s));
  table.fail("k", backoff_t0 + 2s, 3);
  EXPECT_EQ(table.wait("k", backoff_t0 + 2s), 1s);
  EXPECT_EQ(table.failures("k", backoff_t0 + 103s), 0u);
  table.clear("k");
  EXPECT_EQ(table.size(), 0u);
}

TEST(BackoffTable, AFullTableDropsForgottenKeysFirstThenTheOldest) {
  backoff_table table({.max_delay = 60s, .forget_after = 100s, .max_entries = 3});
  table.fail("stale1", backoff_t0, 1);
  table.fail("stale2", backoff_t0, 1);
  table.fail("fresh", backoff_t0 + 150s, 1);
  table.fail("new", backoff_t0 + 200s, 1);  // both stale keys go in one sweep
  EXPECT_EQ(table.size(), 2u);
  EXPECT_TRUE(table.wait("fresh", backoff_t0 + 150s));
  table.fail("newer", backoff_t0 + 201s, 1);
  table.fail("newest", backoff_t0 + 202s, 1);  // full of live keys: "fresh" is the oldest
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.failures("fresh", backoff_t0 + 202s), 0u);
  EXPECT_EQ(table.failures("new", backoff_t0 + 202s), 1u);
  // A flood of invented keys never grows it.
  for (int i = 0; i < 1000; ++i) table.fail("k" + std::to_string(i), backoff_t0 + 203s, 1);
  EXPECT_EQ(table.size(), 3u);
}

}  // namespace
}  // namespace brigade::auth
