#include "http/connection_limit.hpp"

#include <optional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

TEST(ConnectionLimit, AdmitsUpToTheLimitPerAddress) {
  auto limit = connection_limit::create(2);
  auto first = limit->try_admit("10.0.0.1");
  auto second = limit->try_admit("10.0.0.1");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(limit->try_admit("10.0.0.1"));
  EXPECT_EQ(limit->open_from("10.0.0.1"), 2u);
  EXPECT_TRUE(limit->try_admit("10.0.0.2")) << "other addresses have places of their own";
}

TEST(ConnectionLimit, ASlotGivesItsPlaceBackWhenDestroyed) {
  auto limit = connection_limit::create(1);
  {
    auto slot = limit->try_admit("10.0.0.1");
    ASSERT_TRUE(slot);
    EXPECT_FALSE(limit->try_admit("10.0.0.1"));
  }
  EXPECT_EQ(limit->open_from("10.0.0.1"), 0u);
  EXPECT_TRUE(limit->try_admit("10.0.0.1"));
}

TEST(ConnectionLimit, AMovedSlotCountsOnceAndReleasesOnce) {
  auto limit = connection_limit::create(2);
  auto slot = limit->try_admit("10.0.0.1");
  ASSERT_TRUE(slot);
  connection_slot moved = std::move(*slot);  // an HTTP connection hands it to a WebSocket
  slot.reset();
  EXPECT_EQ(limit->open_from("10.0.0.1"), 1u);
  auto other = limit->try_admit("10.0.0.1");
  ASSERT_TRUE(other);
  moved = std::move(*other);  // assignment releases the place it held
  EXPECT_EQ(limit->open_from("10.0.0.1"), 1u);
}

TEST(ConnectionLimit, ZeroMeansNoLimitAndNoCounting) {
  auto limit = connection_limit::create(0);
  std::vector<connection_slot> slots;
  for (int i = 0; i < 10'000; ++i) {
    auto slot = limit->try_admit("10.0.0.1");
    ASSERT_TRUE(slot);
    slots.push_back(std::move(*slot));
  }
  EXPECT_EQ(limit->open_from("10.0.0.1"), 0u);
}

TEST(ConnectionLimit, ASlotKeepsItsLimitAliveUntilItIsReleased) {
  std::optional<connection_slot> slot;
  std::weak_ptr<connection_limit> weak;
  {
    auto limit = connection_limit::create(1);
    weak = limit;
    slot = limit->try_admit("10.0.0.1");
  }
  EXPECT_FALSE(weak.expired()) << "a WebSocket may outlive the listener that admitted it";
  slot.reset();
  EXPECT_TRUE(weak.expired());
}

TEST(ConnectionLimit, CountsStayExactUnderConcurrentAdmitsAndReleases) {
  auto limit = connection_limit::create(1'000'000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limit] {
      for (int i = 0; i < 10'000; ++i) {
        auto slot = limit->try_admit("10.0.0.1");
        ASSERT_TRUE(slot);
      }
    });
  }
  auto held = limit->try_admit("10.0.0.1");
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(limit->open_from("10.0.0.1"), 1u);
}

}  // namespace
}  // namespace brigade::http
