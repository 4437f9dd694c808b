#include "socketio/event_limiter.hpp"

#include <gtest/gtest.h>

namespace brigade::socketio {
namespace {

using namespace std::chrono_literals;
using verdict = event_limiter::verdict;
const event_limiter::clock::time_point limiter_t0 = event_limiter::clock::time_point{} + 1000s;

config limits(double rate, double burst, size_t max_refused = 100, std::chrono::milliseconds window = 10s) {
  config cfg;
  cfg.event_rate = rate;
  cfg.event_burst = burst;
  cfg.max_refused_events = max_refused;
  cfg.refused_events_window = window;
  return cfg;
}

TEST(EventLimiter, DefaultsAreTwentyASecondWithABurstOfFifty) {
  const config cfg;
  EXPECT_EQ(cfg.event_rate, 20);
  EXPECT_EQ(cfg.event_burst, 50);
  EXPECT_EQ(cfg.max_refused_events, 100u);
  EXPECT_EQ(cfg.refused_events_window, 10s);
  event_limiter limiter(cfg, limiter_t0);
  for (int i = 0; i < 50; ++i) ASSERT_EQ(limiter.on_event(limiter_t0).action, verdict::accept) << i;
  EXPECT_EQ(limiter.on_event(limiter_t0).action, verdict::refuse);
  EXPECT_EQ(limiter.on_event(limiter_t0 + 50ms).action, verdict::accept);
}

TEST(EventLimiter, RefusalSaysWhenToRetry) {
  event_limiter limiter(limits(20, 1), limiter_t0);
  ASSERT_EQ(limiter.on_event(limiter_t0).action, verdict::accept);
  auto refused = limiter.on_event(limiter_t0);
  EXPECT_EQ(refused.action, verdict::refuse);
  EXPECT_EQ(refused.retry_after, 50ms);
  refused = limiter.on_event(limiter_t0 + 30ms);
  EXPECT_EQ(refused.retry_after, 20ms);
  // Rounded up to whole milliseconds, never zero.
  refused = limiter.on_event(limiter_t0 + 49'999us);
  EXPECT_EQ(refused.retry_after, 1ms);
  EXPECT_EQ(limiter.on_event(limiter_t0 + 50ms).action, verdict::accept);
}

TEST(EventLimiter, RateZeroAcceptsEverything) {
  event_limiter limiter(limits(0, 0, 1), limiter_t0);
  for (int i = 0; i < 100'000; ++i) ASSERT_EQ(limiter.on_event(limiter_t0).action, verdict::accept);
}

TEST(EventLimiter, DisconnectsAfterTooManyRefusalsWithinTheWindow) {
  event_limiter limiter(limits(1, 1, 5, 10s), limiter_t0);
  ASSERT_EQ(limiter.on_event(limiter_t0).action, verdict::accept);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(limiter.on_event(limiter_t0 + std::chrono::milliseconds(i)).action, verdict::refuse);
  EXPECT_EQ(limiter.refused_in_window(), 5u);
  EXPECT_EQ(limiter.on_event(limiter_t0 + 10ms).action, verdict::disconnect);
}

TEST(EventLimiter, RefusalsSpreadOverWindowsDoNotDisconnect) {
  // Four refusals every eleven seconds: never more than five in ten seconds.
  event_limiter limiter(limits(0.001, 1, 5, 10s), limiter_t0);
  ASSERT_EQ(limiter.on_event(limiter_t0).action, verdict::accept);
  for (int round = 0; round < 10; ++round) {
    const auto start = limiter_t0 + std::chrono::seconds(11 * round);
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(limiter.on_event(start + std::chrono::milliseconds(i)).action, verdict::refuse) << round;
    }
  }
}

TEST(EventLimiter, AcceptedEventsDoNotCountAsAbuse) {
  event_limiter limiter(limits(10, 10, 3, 10s), limiter_t0);
  // Exactly at the rate for a minute: never refused.
  for (int i = 0; i < 600; ++i) {
    ASSERT_EQ(limiter.on_event(limiter_t0 + std::chrono::milliseconds(100 * i)).action, verdict::accept) << i;
  }
  EXPECT_EQ(limiter.refused_in_window(), 0u);
}

TEST(EventLimiter, MaxRefusedZeroNeverDisconnects) {
  event_limiter limiter(limits(1, 1, 0), limiter_t0);
  ASSERT_EQ(limiter.on_event(limiter_t0).action, verdict::accept);
  for (int i = 0; i < 10'000; ++i) ASSERT_EQ(limiter.on_event(limiter_t0).action, verdict::refuse);
}

TEST(EventLimiter, AFloodAtTwiceTheDefaultRateIsDisconnectedWithinTheWindow) {
  event_limiter limiter(config{}, limiter_t0);
  // 40 events a second: 20 accepted, 20 refused each second after the burst.
  for (int i = 0; i < 40 * 10; ++i) {
    const auto outcome = limiter.on_event(limiter_t0 + std::chrono::milliseconds(25 * i));
    if (outcome.action == verdict::disconnect) {
      EXPECT_GT(i, 100);
      return;
    }
  }
  FAIL() << "never disconnected";
}

TEST(EventLimiter, RateLimitedAckHasTheConventionalErrorShape) {
  const json ack = rate_limited_ack(20, 37ms);
  EXPECT_EQ(ack.dump(),
            R"({"ok":false,"error":{"code":"rate_limited","message":"Too many events: at most 20 per second",)"
            R"("retryAfterMs":37}})");
  EXPECT_EQ(rate_limited_ack(0.5, 1ms)["error"]["message"], "Too many events: at most 0.5 per second");
}

}  // namespace
}  // namespace brigade::socketio
