#include "http/token_bucket.hpp"

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

using namespace std::chrono_literals;
const token_bucket::time_point bucket_t0 = token_bucket::time_point{} + 1000s;

TEST(TokenBucket, StartsFullAndLetsTheBurstThrough) {
  token_bucket bucket(10, 5, bucket_t0);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(bucket.try_take(bucket_t0)) << i;
  EXPECT_FALSE(bucket.try_take(bucket_t0));
}

TEST(TokenBucket, RefillsAtTheRate) {
  token_bucket bucket(10, 5, bucket_t0);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(bucket.try_take(bucket_t0));
  EXPECT_FALSE(bucket.try_take(bucket_t0 + 99ms));
  EXPECT_TRUE(bucket.try_take(bucket_t0 + 100ms));
  EXPECT_FALSE(bucket.try_take(bucket_t0 + 150ms));
  // Half a second later, five more.
  int taken = 0;
  while (bucket.try_take(bucket_t0 + 700ms)) ++taken;
  EXPECT_EQ(taken, 5);
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
  token_bucket bucket(10, 3, bucket_t0);
  const auto later = bucket_t0 + 1h;
  int taken = 0;
  while (bucket.try_take(later)) ++taken;
  EXPECT_EQ(taken, 3);
}

TEST(TokenBucket, SustainedRateIsTheConfiguredOne) {
  token_bucket bucket(20, 50, bucket_t0);
  int taken = 0;
  // One attempt per millisecond for ten seconds: the burst, then 20 a second.
  for (int ms = 0; ms < 10'000; ++ms) {
    if (bucket.try_take(bucket_t0 + std::chrono::milliseconds(ms))) ++taken;
  }
  EXPECT_GE(taken, 50 + 199);
  EXPECT_LE(taken, 50 + 200);
}

TEST(TokenBucket, WaitForTokenIsZeroWhenOneIsThereAndEnoughOtherwise) {
  token_bucket bucket(4, 1, bucket_t0);
  EXPECT_EQ(bucket.wait_for_token(bucket_t0), token_bucket::clock::duration::zero());
  ASSERT_TRUE(bucket.try_take(bucket_t0));
  const auto wait = bucket.wait_for_token(bucket_t0);
  EXPECT_GE(wait, 250ms);
  EXPECT_LT(wait, 251ms);
  EXPECT_FALSE(bucket.try_take(bucket_t0 + wait - 1ms));
  EXPECT_TRUE(bucket.try_take(bucket_t0 + wait));
}

TEST(TokenBucket, WaitShrinksAsTimePasses) {
  token_bucket bucket(2, 1, bucket_t0);
  ASSERT_TRUE(bucket.try_take(bucket_t0));
  const auto wait = bucket.wait_for_token(bucket_t0 + 200ms);
  EXPECT_GE(wait, 300ms);
  EXPECT_LT(wait, 301ms);
}

TEST(TokenBucket, RateZeroIsUnlimited) {
  token_bucket bucket(0, 0, bucket_t0);
  EXPECT_TRUE(bucket.unlimited());
  for (int i = 0; i < 10'000; ++i) ASSERT_TRUE(bucket.try_take(bucket_t0));
  EXPECT_EQ(bucket.wait_for_token(bucket_t0), token_bucket::clock::duration::zero());
  EXPECT_TRUE(bucket.full(bucket_t0));
  EXPECT_TRUE(token_bucket().try_take(bucket_t0));
}

TEST(TokenBucket, BurstBelowOneStillAdmitsOneAtATime) {
  token_bucket bucket(1, 0, bucket_t0);
  EXPECT_TRUE(bucket.try_take(bucket_t0));
  EXPECT_FALSE(bucket.try_take(bucket_t0 + 500ms));
  EXPECT_TRUE(bucket.try_take(bucket_t0 + 1s));
}

TEST(TokenBucket, FractionalRates) {
  token_bucket bucket(0.5, 1, bucket_t0);  // one every two seconds
  EXPECT_TRUE(bucket.try_take(bucket_t0));
  EXPECT_FALSE(bucket.try_take(bucket_t0 + 1999ms));
  EXPECT_TRUE(bucket.try_take(bucket_t0 + 2s));
}

TEST(TokenBucket, FullOnlyOnceRefilledCompletely) {
  token_bucket bucket(10, 2, bucket_t0);
  EXPECT_TRUE(bucket.full(bucket_t0));
  ASSERT_TRUE(bucket.try_take(bucket_t0));
  EXPECT_FALSE(bucket.full(bucket_t0 + 50ms));
  EXPECT_TRUE(bucket.full(bucket_t0 + 100ms));
}

TEST(TokenBucket, AnEarlierInstantThanTheLastNeitherRefillsNorRewinds) {
  token_bucket bucket(10, 1, bucket_t0 + 1s);
  ASSERT_TRUE(bucket.try_take(bucket_t0 + 1s));
  // Another thread's older reading of the clock.
  EXPECT_FALSE(bucket.try_take(bucket_t0 + 900ms));
  EXPECT_FALSE(bucket.try_take(bucket_t0 + 1050ms));
  EXPECT_TRUE(bucket.try_take(bucket_t0 + 1100ms));
}

}  // namespace
}  // namespace brigade::http
