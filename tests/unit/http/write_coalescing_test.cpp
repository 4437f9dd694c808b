#include "http/loop.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

namespace brigade::http {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

// A connection stand-in that writes "flush <name>" into the shared log.
struct logged_flush : flushable {
  logged_flush(std::vector<std::string>& log, std::string name) : log(log), name(std::move(name)) {}
  void flush() override {
    log.push_back("flush " + name);
    flushed_at = steady::now();
  }
  std::vector<std::string>& log;
  std::string name;
  steady::time_point flushed_at{};
};

class WriteCoalescingTest : public ::testing::Test {
 protected:
  std::shared_ptr<logged_flush> target(std::string name) {
    auto t = std::make_shared<logged_flush>(log_, std::move(name));
    targets_.push_back(t);
    return t;
  }
  // Schedules `count` new targets' flushes from a handler on the loop, then
  // posts a marker behind them; runs the loop until it has nothing left.
  steady::time_point schedule_and_run(int count) {
    steady::time_point scheduled_at;
    boost::asio::post(loop_.context(), [&] {
      scheduled_at = steady::now();
      for (int i = 0; i < count; ++i) loop_.schedule_flush(target(std::to_string(i)));
      boost::asio::post(loop_.context(), [&] { log_.push_back("next turn"); });
    });
    loop_.context().run();
    return scheduled_at;
  }

  loop loop_{0};
  std::vector<std::string> log_;
  std::vector<std::shared_ptr<logged_flush>> targets_;
};

TEST_F(WriteCoalescingTest, FewTargetsAreFlushedAtTheEndOfTheTurn) {
  loop_.set_write_coalescing({2ms, 3});
  schedule_and_run(2);
  EXPECT_EQ(log_, (std::vector<std::string>{"flush 0", "flush 1", "next turn"}));
}

TEST_F(WriteCoalescingTest, ManyTargetsWaitTheWindowAndTheHandlersQueuedMeanwhileRunFirst) {
  loop_.set_write_coalescing({2ms, 3});
  const auto scheduled_at = schedule_and_run(3);
  EXPECT_EQ(log_, (std::vector<std::string>{"next turn", "flush 0", "flush 1", "flush 2"}));
  EXPECT_GE(targets_[0]->flushed_at - scheduled_at, 2ms);
}

TEST_F(WriteCoalescingTest, TargetsScheduledDuringTheWindowLeaveWithTheOthers) {
  loop_.set_write_coalescing({2ms, 3});
  boost::asio::post(loop_.context(), [&] {
    for (int i = 0; i < 3; ++i) loop_.schedule_flush(target(std::to_string(i)));
    // The next commit's broadcast reaches the loop inside the window.
    boost::asio::post(loop_.context(), [&] {
      log_.push_back("late broadcast");
      loop_.schedule_flush(target("late"));
    });
  });
  loop_.context().run();
  EXPECT_EQ(log_, (std::vector<std::string>{"late broadcast", "flush 0", "flush 1", "flush 2", "flush late"}));
}

TEST_F(WriteCoalescingTest, AZeroDelayNeverWaits) {
  loop_.set_write_coalescing({0ms, 0});
  schedule_and_run(500);
  ASSERT_EQ(log_.size(), 501u);
  EXPECT_EQ(log_.back(), "next turn");
}

}  // namespace
}  // namespace brigade::http
