#include "http/connection_limit.hpp"

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace brigade::http {
namespace {

using boost::asio::ip::make_address;

connection_limit::settings per_address(size_t max) {
  return {.max_per_address = max};
}

connection_limit::settings capped(size_t max_total, size_t headroom) {
  return {.max_per_address = 0, .max_total = max_total, .headroom = headroom};
}

// Each admitted connection with a shed callback that records its number.
struct sheddable_crowd {
  explicit sheddable_crowd(connection_limit::settings settings) : limit(connection_limit::create(settings)) {}

  std::shared_ptr<connection_limit> limit;
  std::vector<connection_slot> slots;
  std::vector<int> shed;

  void admit(const std::string& address, bool sheddable = true) {
    auto decision = limit->try_admit(make_address(address));
    ASSERT_EQ(decision.verdict, admission::admitted) << address;
    const int number = static_cast<int>(slots.size());
    if (sheddable) decision.slot.on_shed([this, number] { shed.push_back(number); });
    slots.push_back(std::move(decision.slot));
  }
};

TEST(ConnectionLimit, AdmitsUpToTheLimitPerAddress) {
  auto limit = connection_limit::create(per_address(2));
  auto first = limit->try_admit(make_address("10.0.0.1"));
  auto second = limit->try_admit(make_address("10.0.0.1"));
  EXPECT_EQ(first.verdict, admission::admitted);
  EXPECT_EQ(second.verdict, admission::admitted);
  EXPECT_EQ(limit->try_admit(make_address("10.0.0.1")).verdict, admission::over_address);
  EXPECT_EQ(limit->open_from(make_address("10.0.0.1")), 2u);
  EXPECT_EQ(limit->try_admit(make_address("10.0.0.2")).verdict, admission::admitted)
      << "other addresses have places of their own";
}

TEST(ConnectionLimit, ASlotGivesItsPlaceBackWhenDestroyed) {
  auto limit = connection_limit::create(per_address(1));
  {
    auto held = limit->try_admit(make_address("10.0.0.1"));
    ASSERT_EQ(held.verdict, admission::admitted);
    EXPECT_EQ(limit->try_admit(make_address("10.0.0.1")).verdict, admission::over_address);
  }
  EXPECT_EQ(limit->open_from(make_address("10.0.0.1")), 0u);
  EXPECT_EQ(limit->open().open(), 0u);
  EXPECT_EQ(limit->try_admit(make_address("10.0.0.1")).verdict, admission::admitted);
}

TEST(ConnectionLimit, AMovedSlotCountsOnceAndReleasesOnce) {
  auto limit = connection_limit::create(per_address(2));
  auto decision = limit->try_admit(make_address("10.0.0.1"));
  connection_slot moved = std::move(decision.slot);  // an HTTP connection hands it to a WebSocket
  decision = {};
  EXPECT_EQ(limit->open_from(make_address("10.0.0.1")), 1u);
  auto other = limit->try_admit(make_address("10.0.0.1"));
  ASSERT_EQ(other.verdict, admission::admitted);
  moved = std::move(other.slot);  // assignment releases the place it held
  EXPECT_EQ(limit->open_from(make_address("10.0.0.1")), 1u);
  EXPECT_EQ(limit->open().open(), 1u);
}

TEST(ConnectionLimit, ZeroMeansNoLimitAndNoCounting) {
  auto limit = connection_limit::create({});
  std::vector<connection_slot> slots;
  for (int i = 0; i < 10'000; ++i) {
    auto decision = limit->try_admit(make_address("10.0.0.1"));
    ASSERT_EQ(decision.verdict, admission::admitted);
    slots.push_back(std::move(decision.slot));
  }
  EXPECT_EQ(limit->open_from(make_address("10.0.0.1")), 0u);
}

TEST(ConnectionLimit, ASlotKeepsItsLimitAliveUntilItIsReleased) {
  connection_slot slot;
  std::weak_ptr<connection_limit> weak;
  {
    auto limit = connection_limit::create(per_address(1));
    weak = limit;
    slot = limit->try_admit(make_address("10.0.0.1")).slot;
  }
  EXPECT_FALSE(weak.expired()) << "a WebSocket may outlive the listener that admitted it";
  slot = {};
  EXPECT_TRUE(weak.expired());
}

TEST(ConnectionLimit, CountsStayExactUnderConcurrentAdmitsAndReleases) {
  auto limit = connection_limit::create({.max_per_address = 1'000'000, .max_total = 1'000'000, .headroom = 8});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limit, t] {
      const auto address = make_address("10.0.0." + std::to_string(t + 1));
      for (int i = 0; i < 10'000; ++i) {
        auto decision = limit->try_admit(address);
        ASSERT_EQ(decision.verdict, admission::admitted);
        if (i % 2 == 0) decision.slot.mark_authenticated();
      }
    });
  }
  auto held = limit->try_admit(make_address("10.0.0.1"));
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(limit->open_from(make_address("10.0.0.1")), 1u);
  const auto open = limit->open();
  EXPECT_EQ(open.unauthenticated, 1u);
  EXPECT_EQ(open.authenticated, 0u);
}

// The global cap: 20 addresses × 1 024 once exhausted the descriptors.
TEST(ConnectionLimit, TheGlobalCapBoundsManyAddressesTogether) {
  auto limit = connection_limit::create({.max_per_address = 1024, .max_total = 40, .headroom = 4});
  std::vector<connection_slot> held;
  for (int i = 0; i < 40; ++i) {
    auto decision = limit->try_admit(make_address("10.0.0." + std::to_string(i % 20 + 1)));
    ASSERT_EQ(decision.verdict, admission::admitted) << i;
    decision.slot.mark_authenticated();  // nothing to shed
    held.push_back(std::move(decision.slot));
  }
  // Over the cap: probes only, in the headroom…
  std::vector<connection_slot> probes;
  for (int i = 0; i < 4; ++i) {
    auto decision = limit->try_admit(make_address("10.0.1.1"));
    EXPECT_EQ(decision.verdict, admission::probe_only) << i;
    probes.push_back(std::move(decision.slot));
  }
  // …then refused, whatever the address.
  auto refused = limit->try_admit(make_address("10.0.2.1"));
  EXPECT_EQ(refused.verdict, admission::server_busy);
  EXPECT_EQ(limit->open().open(), 44u);
  EXPECT_EQ(limit->open().refusing, 1u);
  // A place given back is a place for anyone.
  held.pop_back();
  probes.clear();
  EXPECT_EQ(limit->try_admit(make_address("10.0.2.1")).verdict, admission::admitted);
}

TEST(ConnectionLimit, RefusalsBeingAnsweredAreBoundedToo) {
  auto limit = connection_limit::create({.max_per_address = 1, .max_total = 0, .headroom = 2});
  auto held = limit->try_admit(make_address("10.0.0.1"));
  auto first = limit->try_admit(make_address("10.0.0.1"));
  auto second = limit->try_admit(make_address("10.0.0.1"));
  EXPECT_EQ(first.verdict, admission::over_address);
  EXPECT_EQ(second.verdict, admission::over_address);
  // Two 429s on their way already: the third costs no more than a close.
  auto third = limit->try_admit(make_address("10.0.0.1"));
  EXPECT_EQ(third.verdict, admission::dropped);
  first = {};
  EXPECT_EQ(limit->try_admit(make_address("10.0.0.1")).verdict, admission::over_address);
}

TEST(ConnectionLimit, ShedsTheOldestUnauthenticatedConnectionFirst) {
  sheddable_crowd crowd(capped(4, 4));
  crowd.admit("10.0.0.1");  // 0: authenticated below
  crowd.admit("10.0.0.2");  // 1: the oldest stranger
  crowd.admit("10.0.0.3");  // 2
  crowd.admit("10.0.0.4");  // 3
  crowd.slots[0].mark_authenticated();

  auto newcomer = crowd.limit->try_admit(make_address("10.0.0.5"));
  EXPECT_EQ(newcomer.verdict, admission::admitted);
  EXPECT_EQ(crowd.shed, (std::vector<int>{1})) << "oldest unauthenticated, not the authenticated 0";
  auto next = crowd.limit->try_admit(make_address("10.0.0.6"));
  EXPECT_EQ(next.verdict, admission::admitted);
  EXPECT_EQ(crowd.shed, (std::vector<int>{1, 2})) << "a shed connection is asked once";
  // Victims count until they have closed.
  EXPECT_EQ(crowd.limit->open().open(), 6u);
  crowd.slots[1] = {};
  crowd.slots[2] = {};
  EXPECT_EQ(crowd.limit->open().open(), 4u);
}

TEST(ConnectionLimit, AuthenticatedConnectionsAreNeverShed) {
  sheddable_crowd crowd(capped(3, 2));
  for (int i = 0; i < 3; ++i) crowd.admit("10.0.0.1");
  for (auto& slot : crowd.slots) slot.ticket().mark_authenticated();  // as an exchange does
  EXPECT_EQ(crowd.limit->open().authenticated, 3u);
  EXPECT_EQ(crowd.limit->try_admit(make_address("10.0.0.9")).verdict, admission::probe_only);
  EXPECT_TRUE(crowd.shed.empty());
}

TEST(ConnectionLimit, AConnectionWithoutAShedCallbackIsSkipped) {
  sheddable_crowd crowd(capped(3, 2));
  crowd.admit("10.0.0.1", /*sheddable=*/false);  // still on its way to its loop
  crowd.admit("10.0.0.2");
  crowd.admit("10.0.0.3");
  auto newcomer = crowd.limit->try_admit(make_address("10.0.0.4"));
  EXPECT_EQ(newcomer.verdict, admission::admitted);
  EXPECT_EQ(crowd.shed, (std::vector<int>{1}));
  // A WebSocket taking the socket over clears the callback until it sets its own.
  crowd.slots[2].on_shed(nullptr);
  EXPECT_EQ(crowd.limit->try_admit(make_address("10.0.0.5")).verdict, admission::probe_only);
}

TEST(ConnectionLimit, ShedVictimsAndProbesStayWithinTheHeadroom) {
  sheddable_crowd crowd(capped(2, 1));
  crowd.admit("10.0.0.1");
  crowd.admit("10.0.0.2");
  auto first = crowd.limit->try_admit(make_address("10.0.0.3"));
  EXPECT_EQ(first.verdict, admission::admitted);
  EXPECT_EQ(crowd.shed.size(), 1u);
  // The victim has not closed yet: 3 open, the cap and its headroom full.
  EXPECT_EQ(crowd.limit->try_admit(make_address("10.0.0.4")).verdict, admission::server_busy);
  EXPECT_EQ(crowd.shed.size(), 1u);
}

TEST(ConnectionLimit, ProbesAreNotShed) {
  sheddable_crowd crowd(capped(1, 2));
  crowd.admit("10.0.0.1");
  crowd.slots[0].mark_authenticated();
  auto probe = crowd.limit->try_admit(make_address("10.0.0.2"));
  ASSERT_EQ(probe.verdict, admission::probe_only);
  bool probe_shed = false;
  probe.slot.on_shed([&probe_shed] { probe_shed = true; });
  EXPECT_EQ(crowd.limit->try_admit(make_address("10.0.0.3")).verdict, admission::probe_only);
  EXPECT_FALSE(probe_shed);
}

TEST(ConnectionLimit, MarkingAfterTheConnectionClosedChangesNothing) {
  auto limit = connection_limit::create(capped(2, 1));
  auto decision = limit->try_admit(make_address("10.0.0.1"));
  const auto ticket = decision.slot.ticket();  // an exchange outlives its connection
  decision.slot = {};
  ticket.mark_authenticated();
  EXPECT_EQ(limit->open().authenticated, 0u);
  EXPECT_EQ(limit->open().unauthenticated, 0u);
}

TEST(ConnectionLimit, AnIPv6ClientIsCountedByItsSlash64) {
  auto limit = connection_limit::create(per_address(2));
  auto a = limit->try_admit(make_address("2001:db8:1:2::1"));
  auto b = limit->try_admit(make_address("2001:db8:1:2:ffff:ffff:ffff:ffff"));
  EXPECT_EQ(a.verdict, admission::admitted);
  EXPECT_EQ(b.verdict, admission::admitted);
  EXPECT_EQ(limit->try_admit(make_address("2001:db8:1:2:abcd::9")).verdict, admission::over_address)
      << "another address of the same /64 is the same client";
  EXPECT_EQ(limit->open_from(make_address("2001:db8:1:2::77")), 2u);
  EXPECT_EQ(limit->try_admit(make_address("2001:db8:1:3::1")).verdict, admission::admitted)
      << "the next /64 is another client";
}

TEST(ConnectionLimit, AnIPv4MappedAddressCountsAsItsIPv4Address) {
  auto limit = connection_limit::create(per_address(2));
  auto v4 = limit->try_admit(make_address("192.0.2.7"));
  auto mapped = limit->try_admit(make_address("::ffff:192.0.2.7"));
  EXPECT_EQ(mapped.verdict, admission::admitted);
  EXPECT_EQ(limit->open_from(make_address("192.0.2.7")), 2u);
  EXPECT_EQ(limit->try_admit(make_address("192.0.2.7")).verdict, admission::over_address);
  EXPECT_EQ(limit->try_admit(make_address("::ffff:192.0.2.8")).verdict, admission::admitted)
      << "and not as the /64 all mapped addresses share";
}

}  // namespace
}  // namespace brigade::http
