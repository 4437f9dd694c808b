#include "realtime/stats_throttle.hpp"

#include <chrono>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "recording_emitter.hpp"

namespace brigade::realtime {
namespace {

using namespace std::chrono_literals;
using testing::recording_emitter;

nlohmann::ordered_json counts(int pending) {
  return {{"pending", pending}, {"preparing", 0}, {"ready", 0}, {"total", pending}};
}

const std::vector<room> kKitchen{room::kitchen()};

class stats_throttle_test : public ::testing::Test {
 protected:
  boost::asio::io_context timers_;
  recording_emitter out_;
};

TEST_F(stats_throttle_test, the_first_update_goes_out_at_once) {
  stats_throttle throttle(timers_.get_executor(), 100ms, out_);
  throttle.offer(7, kKitchen, "kitchen:stats_update", counts(1));
  const auto sent = out_.sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].restaurant, 7);
  EXPECT_EQ(sent[0].rooms, kKitchen);
  EXPECT_EQ(sent[0].name, "kitchen:stats_update");
  EXPECT_EQ(sent[0].payload, counts(1));
}

TEST_F(stats_throttle_test, updates_within_the_interval_collapse_to_the_latest) {
  stats_throttle throttle(timers_.get_executor(), 50ms, out_);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= 5; ++i) throttle.offer(7, kKitchen, "kitchen:stats_update", counts(i));
  ASSERT_EQ(out_.sent().size(), 1U);  // only the first, so far
  timers_.run();                      // the interval ends: the latest goes out
  const auto sent = out_.sent();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[1].payload, counts(5));
  EXPECT_GE(sent[1].at - sent[0].at, 50ms);
  EXPECT_GE(sent[1].at - start, 50ms);
}

TEST_F(stats_throttle_test, restaurants_are_throttled_independently) {
  stats_throttle throttle(timers_.get_executor(), 1h, out_);
  throttle.offer(7, kKitchen, "kitchen:stats_update", counts(1));
  throttle.offer(8, kKitchen, "kitchen:stats_update", counts(2));
  throttle.offer(7, kKitchen, "kitchen:stats_update", counts(3));  // waits an hour
  const auto sent = out_.sent();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].restaurant, 7);
  EXPECT_EQ(sent[1].restaurant, 8);
}

TEST_F(stats_throttle_test, a_quiet_interval_lets_the_next_update_out_at_once) {
  stats_throttle throttle(timers_.get_executor(), 20ms, out_);
  throttle.offer(7, kKitchen, "kitchen:stats_update", counts(1));
  std::this_thread::sleep_for(30ms);  // the interval passing is the point of this test
  throttle.offer(7, kKitchen, "kitchen:stats_update", counts(2));
  EXPECT_EQ(out_.sent().size(), 2U);
  EXPECT_EQ(timers_.poll(), 0U);  // nothing was left waiting
}

TEST_F(stats_throttle_test, a_burst_sends_at_most_one_per_interval_and_ends_with_the_last_value) {
  constexpr auto kInterval = 20ms;
  stats_throttle throttle(timers_.get_executor(), kInterval, out_);
  auto guard = boost::asio::make_work_guard(timers_);
  std::thread timer_thread([this] { timers_.run(); });

  const auto start = std::chrono::steady_clock::now();
  constexpr int kUpdates = 400;
  for (int i = 1; i <= kUpdates; ++i) {
    throttle.offer(7, kKitchen, "kitchen:stats_update", counts(i));
    std::this_thread::sleep_for(500us);  // a burst spread over time, from another thread
  }
  const auto burst = std::chrono::steady_clock::now() - start;
  // The last value is sent at most one interval after the burst.
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (out_.sent().back().payload != counts(kUpdates) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  guard.reset();
  timer_thread.join();

  const auto sent = out_.sent();
  EXPECT_EQ(sent.back().payload, counts(kUpdates));
  EXPECT_LE(sent.size(), static_cast<size_t>(burst / kInterval) + 2);
  EXPECT_GE(sent.size(), 2U);
  for (size_t i = 1; i < sent.size(); ++i) {
    EXPECT_GE(sent[i].at - sent[i - 1].at, kInterval) << "send " << i;
    // Values only move forward: an older count never follows a newer one.
    EXPECT_GT(sent[i].payload["pending"].get<int>(), sent[i - 1].payload["pending"].get<int>());
  }
}

}  // namespace
}  // namespace brigade::realtime
