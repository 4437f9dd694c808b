#include "http/connection_budget.hpp"

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

TEST(ConnectionBudget, KeepsATenthForTheRestAndTwiceTheHeadroom) {
  const auto b = plan_connections(20'000, 32, 0);
  EXPECT_EQ(b.reserve, 2'000u);
  EXPECT_EQ(b.max_connections, 20'000u - 2'000u - 64u);
  EXPECT_TRUE(b.fits);
}

TEST(ConnectionBudget, KeepsAtLeast64) {
  const auto b = plan_connections(256, 32, 0);
  EXPECT_EQ(b.reserve, 64u);
  EXPECT_EQ(b.max_connections, 128u);
  EXPECT_TRUE(b.fits);
}

TEST(ConnectionBudget, ATinyLimitStillServesAFew) {
  const auto b = plan_connections(100, 32, 0);
  EXPECT_EQ(b.max_connections, 25u);
  EXPECT_FALSE(b.fits);
}

TEST(ConnectionBudget, AnExplicitCapIsKeptAndCheckedAgainstTheLimit) {
  EXPECT_EQ(plan_connections(20'000, 32, 40).max_connections, 40u);
  EXPECT_TRUE(plan_connections(20'000, 32, 40).fits);
  EXPECT_FALSE(plan_connections(256, 32, 250).fits);
}

}  // namespace
}  // namespace brigade::http
