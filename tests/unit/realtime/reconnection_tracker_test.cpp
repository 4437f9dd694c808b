#include "realtime/reconnection_tracker.hpp"

#include <string>

#include <gtest/gtest.h>

namespace brigade::realtime {
namespace {

using namespace std::chrono_literals;
using clock_type = reconnection_tracker::clock;

TEST(ReconnectionTracker, AFirstConnectionIsNoReconnection) {
  reconnection_tracker tracker;
  EXPECT_FALSE(tracker.on_connect("1:staff:7", clock_type::time_point{} + 1s));
}

TEST(ReconnectionTracker, ComingBackWithinTheWindowIsAReconnection) {
  reconnection_tracker tracker(60s);
  const auto t0 = clock_type::time_point{} + 1h;
  tracker.on_disconnect("1:staff:7", t0);
  EXPECT_TRUE(tracker.on_connect("1:staff:7", t0 + 59s));
  // Counted once: the entry is consumed.
  EXPECT_FALSE(tracker.on_connect("1:staff:7", t0 + 59s));
}

TEST(ReconnectionTracker, ComingBackAfterTheWindowOrAsSomeoneElseIsNot) {
  reconnection_tracker tracker(60s);
  const auto t0 = clock_type::time_point{} + 1h;
  tracker.on_disconnect("1:staff:7", t0);
  EXPECT_FALSE(tracker.on_connect("2:staff:7", t0 + 1s));   // another restaurant
  EXPECT_FALSE(tracker.on_connect("1:device:7", t0 + 1s));  // a screen with the same number
  EXPECT_FALSE(tracker.on_connect("1:staff:7", t0 + 60s));  // too late
}

TEST(ReconnectionTracker, ExpiredEntriesAreDropped) {
  reconnection_tracker tracker(60s);
  const auto t0 = clock_type::time_point{} + 1h;
  for (int i = 0; i < 100; ++i) tracker.on_disconnect("1:staff:" + std::to_string(i), t0);
  EXPECT_EQ(tracker.size(), 100u);
  tracker.on_disconnect("1:staff:late", t0 + 61s);
  EXPECT_EQ(tracker.size(), 1u);
}

TEST(ReconnectionTracker, MemoryIsBoundedEvenInsideTheWindow) {
  reconnection_tracker tracker(60s, 50);
  const auto t0 = clock_type::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i)
    tracker.on_disconnect("1:staff:" + std::to_string(i), t0 + std::chrono::milliseconds(i));
  EXPECT_LE(tracker.size(), 50u);
  // The newest are kept, the oldest went first.
  EXPECT_TRUE(tracker.on_connect("1:staff:999", t0 + 2s));
  EXPECT_FALSE(tracker.on_connect("1:staff:0", t0 + 2s));
}

}  // namespace
}  // namespace brigade::realtime
