#include "http/loop_timers.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

using namespace std::chrono_literals;
using clock = loop_timer::clock;

// A timer that writes its name into a shared log when it fires, and may
// run an extra action then.
struct named_timer {
  named_timer(loop_timers& timers, std::vector<std::string>& log, std::string name)
      : log(log), name(std::move(name)), timer(timers, [](void* self) { static_cast<named_timer*>(self)->fired(); }, this) {}
  void fired() {
    log.push_back(name);
    if (!then) return;
    auto action = then;  // a copy: the action may destroy this timer
    action();
  }
  std::vector<std::string>& log;
  std::string name;
  std::function<void()> then;
  loop_timer timer;
};

// fire_due is driven by hand with made-up times; the io_context never runs.
class LoopTimersTest : public ::testing::Test {
 protected:
  boost::asio::io_context context_;
  loop_timers timers_{context_};
  std::vector<std::string> log_;
  const clock::time_point t0_ = clock::now();
};

TEST_F(LoopTimersTest, DueTimersFireOnceInDeadlineOrderWithinALane) {
  named_timer a(timers_, log_, "a"), b(timers_, log_, "b"), c(timers_, log_, "c");
  a.timer.arm_at(t0_, 10ms);
  b.timer.arm_at(t0_ + 1ms, 10ms);
  c.timer.arm_at(t0_ + 2ms, 10ms);
  EXPECT_EQ(timers_.armed(), 3u);
  timers_.fire_due(t0_ + 9ms);
  EXPECT_TRUE(log_.empty());
  timers_.fire_due(t0_ + 11ms);
  EXPECT_EQ(log_, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(c.timer.armed());
  EXPECT_FALSE(a.timer.armed());
  timers_.fire_due(t0_ + 60s);
  EXPECT_EQ(log_, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(timers_.armed(), 0u);
}

TEST_F(LoopTimersTest, EachLaneFiresWhatIsDueWhateverTheOtherLanesHold) {
  named_timer slow(timers_, log_, "slow"), fast(timers_, log_, "fast");
  slow.timer.arm_at(t0_, 25s);
  fast.timer.arm_at(t0_ + 1s, 15ms);
  timers_.fire_due(t0_ + 1s + 15ms);
  EXPECT_EQ(log_, (std::vector<std::string>{"fast"}));
  EXPECT_TRUE(slow.timer.armed());
}

TEST_F(LoopTimersTest, AnEarlierDeadlineArmedLaterTakesItsPlaceInTheLane) {
  named_timer late(timers_, log_, "late"), early(timers_, log_, "early");
  late.timer.arm_at(t0_ + 5ms, 10ms);
  early.timer.arm_at(t0_, 10ms);  // armed second, due first: a late schedule kept on time
  timers_.fire_due(t0_ + 12ms);
  EXPECT_EQ(log_, (std::vector<std::string>{"early"}));
  timers_.fire_due(t0_ + 15ms);
  EXPECT_EQ(log_, (std::vector<std::string>{"early", "late"}));
}

TEST_F(LoopTimersTest, CancelledReArmedAndDestroyedTimersDoNotFireForTheOldDeadline) {
  named_timer cancelled(timers_, log_, "cancelled"), rearmed(timers_, log_, "rearmed");
  auto destroyed = std::make_unique<named_timer>(timers_, log_, "destroyed");
  cancelled.timer.arm_at(t0_, 10ms);
  rearmed.timer.arm_at(t0_, 10ms);
  destroyed->timer.arm_at(t0_, 10ms);
  cancelled.timer.cancel();
  cancelled.timer.cancel();  // twice: nothing
  rearmed.timer.arm_at(t0_ + 20ms, 10ms);
  destroyed.reset();
  EXPECT_EQ(timers_.armed(), 1u);
  timers_.fire_due(t0_ + 10ms);
  EXPECT_TRUE(log_.empty());
  timers_.fire_due(t0_ + 30ms);
  EXPECT_EQ(log_, (std::vector<std::string>{"rearmed"}));
}

TEST_F(LoopTimersTest, ATimerReArmedByItsFunctionWaitsForTheNextWakeUp) {
  named_timer tick(timers_, log_, "tick");
  tick.then = [&] { tick.timer.arm_after(0ms); };  // due again at once
  tick.timer.arm_at(t0_, 1ms);
  timers_.fire_due(clock::now() + 1s);
  EXPECT_EQ(log_, (std::vector<std::string>{"tick"}));  // ended: did not loop
  EXPECT_TRUE(tick.timer.armed());
}

TEST_F(LoopTimersTest, AFunctionMayDestroyItsOwnTimerOrCancelAnotherDueOne) {
  auto first = std::make_unique<named_timer>(timers_, log_, "first");
  named_timer second(timers_, log_, "second");
  first->timer.arm_at(t0_, 10ms);
  second.timer.arm_at(t0_ + 1ms, 10ms);
  first->then = [&] {
    second.timer.cancel();  // already taken off its lane, about to fire
    first.reset();          // the firing timer itself
  };
  timers_.fire_due(t0_ + 1s);
  EXPECT_EQ(log_, (std::vector<std::string>{"first"}));
  EXPECT_EQ(timers_.armed(), 0u);
}

TEST_F(LoopTimersTest, TimersOutliveTheirLoopTimersSafely) {
  auto timers = std::make_unique<loop_timers>(context_);
  named_timer orphan(*timers, log_, "orphan");
  orphan.timer.arm_after(10s);
  timers.reset();  // the loop goes first, as at shutdown
  EXPECT_FALSE(orphan.timer.armed());
}  // the orphan's destructor must not touch the destroyed timers

TEST(LoopTimers, TheLoopWakesUpForTheEarliestDeadlineOnly) {
  boost::asio::io_context context;
  loop_timers timers(context);
  std::vector<std::string> log;
  named_timer later(timers, log, "later"), sooner(timers, log, "sooner"), never(timers, log, "never");
  const auto start = clock::now();
  later.timer.arm_after(40ms);
  sooner.timer.arm_after(10ms);  // earlier than the pending wake-up: it moves
  never.timer.arm_after(20ms);
  never.timer.cancel();
  sooner.then = [&] { EXPECT_GE(clock::now() - start, 10ms); };
  later.then = [&] { EXPECT_GE(clock::now() - start, 40ms); };
  context.run();  // returns once nothing is armed: no ticking in between
  EXPECT_EQ(log, (std::vector<std::string>{"sooner", "later"}));
  EXPECT_EQ(timers.armed(), 0u);
}

}  // namespace
}  // namespace brigade::http
