#include "http/ip_rate_limiter.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

using namespace std::chrono_literals;
const ip_rate_limiter::time_point limiter_t0 = ip_rate_limiter::time_point{} + 1000s;

std::string address(size_t i) {
  return "10." + std::to_string((i >> 16) & 255) + "." + std::to_string((i >> 8) & 255) + "." +
         std::to_string(i & 255);
}

TEST(IpRateLimiter, AllowsTheBurstThenRefusesWithRetryAfter) {
  ip_rate_limiter limiter(10, 3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.check("192.0.2.1", limiter_t0)) << i;
  const auto refused = limiter.check("192.0.2.1", limiter_t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 1s);  // 100 ms, rounded up to whole seconds
  EXPECT_TRUE(limiter.check("192.0.2.1", limiter_t0 + 100ms));
}

TEST(IpRateLimiter, RetryAfterRoundsUpSlowRates) {
  ip_rate_limiter limiter(0.25, 1);  // one every four seconds
  ASSERT_TRUE(limiter.check("192.0.2.1", limiter_t0));
  EXPECT_EQ(limiter.check("192.0.2.1", limiter_t0).retry_after, 4s);
  EXPECT_EQ(limiter.check("192.0.2.1", limiter_t0 + 500ms).retry_after, 4s);  // 3.5 s → 4
  EXPECT_EQ(limiter.check("192.0.2.1", limiter_t0 + 3100ms).retry_after, 1s);
  EXPECT_TRUE(limiter.check("192.0.2.1", limiter_t0 + 4s));
}

// An IPv6 client holds a whole /64: its addresses share one bucket, as do an
// IPv4 address and its mapped IPv6 form.
TEST(IpRateLimiter, CountsAnIpv6ClientByItsSlash64) {
  ip_rate_limiter limiter(1, 1);
  ASSERT_TRUE(limiter.check("2001:db8:1:2::1", limiter_t0));
  EXPECT_FALSE(limiter.check("2001:db8:1:2:ffff::9", limiter_t0).allowed);
  EXPECT_TRUE(limiter.check("2001:db8:1:3::1", limiter_t0)) << "another /64 is another client";
  ASSERT_TRUE(limiter.check("192.0.2.7", limiter_t0));
  EXPECT_FALSE(limiter.check("::ffff:192.0.2.7", limiter_t0).allowed);
}

TEST(IpRateLimiter, AddressesHaveSeparateBuckets) {
  ip_rate_limiter limiter(1, 1);
  EXPECT_TRUE(limiter.check("192.0.2.1", limiter_t0));
  EXPECT_FALSE(limiter.check("192.0.2.1", limiter_t0));
  EXPECT_TRUE(limiter.check("192.0.2.2", limiter_t0));
  EXPECT_TRUE(limiter.check("2001:db8::1", limiter_t0));
  EXPECT_FALSE(limiter.check("2001:db8::1", limiter_t0));
}

TEST(IpRateLimiter, RateZeroAllowsEverythingAndKeepsNothing) {
  ip_rate_limiter limiter(0, 0);
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.check("192.0.2.1", limiter_t0));
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(IpRateLimiter, RefilledBucketsArePrunedBySweep) {
  ip_rate_limiter limiter(10, 5);
  for (size_t i = 0; i < 500; ++i) ASSERT_TRUE(limiter.check(address(i), limiter_t0));
  EXPECT_EQ(limiter.size(), 500u);
  // A minute later every bucket is full again: each shard sweeps on its next
  // use, and one address per shard is enough to touch them all.
  for (size_t i = 1000; i < 1200; ++i) ASSERT_TRUE(limiter.check(address(i), limiter_t0 + 61s));
  EXPECT_EQ(limiter.size(), 200u);
}

TEST(IpRateLimiter, AnAbusiveAddressIsNotForgottenBySweeps) {
  ip_rate_limiter limiter(1, 2);
  ASSERT_TRUE(limiter.check("192.0.2.66", limiter_t0));
  ASSERT_TRUE(limiter.check("192.0.2.66", limiter_t0));
  // It keeps hammering: its bucket never refills, so no sweep drops it.
  for (int s = 1; s <= 200; ++s) {
    const auto now = limiter_t0 + std::chrono::seconds(s);
    ASSERT_TRUE(limiter.check("192.0.2.66", now)) << s;  // the one token of that second
    ASSERT_FALSE(limiter.check("192.0.2.66", now)) << s;
  }
}

TEST(IpRateLimiter, AFloodOfAddressesStaysWithinTheBound) {
  const size_t max_addresses = 1600;  // 100 per shard
  ip_rate_limiter limiter(1, 10, max_addresses);
  // A spoofed-address flood: every bucket is fresh (not full) so none can be
  // swept; the oldest are evicted instead.
  for (size_t i = 0; i < 100'000; ++i) {
    ASSERT_TRUE(limiter.check(address(i), limiter_t0 + std::chrono::microseconds(i)));
  }
  EXPECT_LE(limiter.size(), max_addresses);
  EXPECT_GE(limiter.size(), max_addresses / 2);
}

TEST(IpRateLimiter, EvictionKeepsTheMostRecentlyActiveAddresses) {
  const size_t max_addresses = 16 * 8;  // 8 per shard
  ip_rate_limiter limiter(1, 2, max_addresses);
  // An address that used up its burst just now...
  ASSERT_TRUE(limiter.check("198.51.100.7", limiter_t0 + 10s));
  ASSERT_TRUE(limiter.check("198.51.100.7", limiter_t0 + 10s));
  ASSERT_FALSE(limiter.check("198.51.100.7", limiter_t0 + 10s));
  // ...then a flood of older-stamped requests from many other addresses
  // overflows every shard several times.
  for (size_t i = 0; i < 2000; ++i) limiter.check(address(i), limiter_t0 + 10s - 1ms);
  EXPECT_LE(limiter.size(), max_addresses);
  EXPECT_FALSE(limiter.check("198.51.100.7", limiter_t0 + 10s)) << "the active abuser got a fresh bucket";
}

TEST(IpRateLimiter, ConcurrentChecksFromSeveralThreadsAdmitExactlyTheBudget) {
  // Burst 100 and a rate so slow that it adds nothing during the test: of
  // many concurrent attempts on one address exactly 100 pass, and on
  // separate addresses each thread gets its own 100.
  ip_rate_limiter limiter(0.001, 100);
  constexpr int kThreads = 8;
  constexpr int kAttempts = 1000;
  std::atomic<int> shared_allowed{0};
  std::atomic<int> own_allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = address(static_cast<size_t>(t) + 1);
      for (int i = 0; i < kAttempts; ++i) {
        if (limiter.check("203.0.113.1", limiter_t0)) shared_allowed.fetch_add(1);
        if (limiter.check(own, limiter_t0)) own_allowed.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(shared_allowed.load(), 100);
  EXPECT_EQ(own_allowed.load(), kThreads * 100);
  EXPECT_EQ(limiter.size(), static_cast<size_t>(kThreads) + 1);
}

TEST(IpRateLimiter, ConcurrentFloodStaysBounded) {
  const size_t max_addresses = 16 * 64;
  ip_rate_limiter limiter(5, 5, max_addresses);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < 20'000; ++i) limiter.check(address(t * 20'000 + i), limiter_t0 + std::chrono::microseconds(i));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(limiter.size(), max_addresses);
}

}  // namespace
}  // namespace brigade::http
