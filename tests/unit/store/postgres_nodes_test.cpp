// Two nodes on one PostgreSQL database, as a cluster runs them
// (docs/cluster.md): each hears the other's commits through the store
// (outbox_listener, fed by the NOTIFY each commit sends), never its own; and
// the commands of one restaurant run one after another across nodes, so
// none is lost to a stale read.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/kitchen_service.hpp"
#include "pg_test_database.hpp"
#include "store/postgresql/outbox_listener.hpp"
#include "store/postgresql/postgres_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store::postgresql {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

/// What a feed reported, awaited from the test's thread.
struct feed_log {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<restaurant_id, uint64_t>> committed;
  int resyncs = 0;

  template <typename Predicate>
  bool wait(Predicate ready) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(10), [&] { return ready(*this); });
  }
};

std::vector<new_item> burgers(const seeded_restaurant& seeded, int quantity) {
  new_item item;
  item.menu_item = seeded.burger.id;
  item.quantity = quantity;
  return {item};
}

TEST(outbox_notice, reads_node_restaurant_and_sequence_and_refuses_the_rest) {
  outbox_listener::notice n;
  ASSERT_TRUE(outbox_listener::parse("1a2b3c4d:7:42", n));
  EXPECT_EQ(n.node, "1a2b3c4d");
  EXPECT_EQ(n.restaurant, 7);
  EXPECT_EQ(n.last, 42u);
  for (const char* bad : {"", "node", "node:7", ":7:42", "node:x:42", "node:7:", "node:0:5", "node:7:42:9",
                          "node:-7:42", "node:99999999999999999999:1"}) {
    EXPECT_FALSE(outbox_listener::parse(bad, n)) << bad;
  }
}

TEST(postgres_nodes, each_node_hears_the_others_commits_through_the_store_and_not_its_own) {
  pg_test_database database;
  postgres_store node_a{database.url(), 2};
  postgres_store node_b{database.url(), 2};
  const auto seeded = seed_restaurant(node_a, "north");
  feed_log heard;
  auto feed = node_b.other_nodes_commits();
  feed->start(
      [&](restaurant_id r, uint64_t last) {
        std::lock_guard lock(heard.mutex);
        heard.committed.emplace_back(r, last);
        heard.changed.notify_all();
      },
      [&] {
        std::lock_guard lock(heard.mutex);
        ++heard.resyncs;
        heard.changed.notify_all();
      },
      [](std::string_view what) { ADD_FAILURE() << what; });
  // Listening from the first resync on.
  ASSERT_TRUE(heard.wait([](feed_log& l) { return l.resyncs == 1; }));

  kitchen_service on_a{node_a};
  kitchen_service on_b{node_b};
  create_order_command command;
  command.table = seeded.table1.id;
  command.items = burgers(seeded, 1);
  ASSERT_TRUE(on_a.create_order(waiter_of(seeded), command).ok());
  ASSERT_TRUE(heard.wait([&](feed_log& l) { return !l.committed.empty(); }));
  uint64_t last_a = 0;
  node_a.read([&](kitchen_reader& reader) { last_a = reader.last_sequence(seeded.place.id); });
  {
    std::lock_guard lock(heard.mutex);
    ASSERT_EQ(heard.committed.size(), 1u);
    EXPECT_EQ(heard.committed[0], std::make_pair(seeded.place.id, last_a));
  }

  // Node B's own commit is announced by the commit itself: its feed stays quiet.
  ASSERT_TRUE(on_b.create_order(waiter_of(seeded), command).ok());
  ASSERT_TRUE(on_a.create_order(waiter_of(seeded), command).ok());
  ASSERT_TRUE(heard.wait([](feed_log& l) { return l.committed.size() == 2; }));
  feed->stop();
  std::lock_guard lock(heard.mutex);
  EXPECT_GT(heard.committed[1].second, last_a + 1) << "node B's own events came between, unreported";
}

TEST(postgres_nodes, commands_on_one_order_from_both_nodes_at_once_lose_no_update) {
  pg_test_database database;
  postgres_store node_a{database.url(), 4};
  postgres_store node_b{database.url(), 4};
  const auto seeded = seed_restaurant(node_a, "north");
  kitchen_service on_a{node_a};
  kitchen_service on_b{node_b};
  create_order_command command;
  command.table = seeded.table1.id;
  command.items = burgers(seeded, 1);
  const auto created = on_a.create_order(waiter_of(seeded), command);
  ASSERT_TRUE(created.ok()) << created.error().message;
  const order_id id = created.value().order.id;

  // Each command reads the order, adds a line and writes the whole order
  // back: without one restaurant's commands in turn, two would read the
  // same order and the later write would drop the other's line.
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int i = 0; i < kEach; ++i) {
        const auto added = (t % 2 == 0 ? on_a : on_b).add_items(waiter_of(seeded), id, burgers(seeded, 1));
        ASSERT_TRUE(added.ok()) << added.error().message;
      }
    });
  }
  for (auto& t : threads) t.join();
  std::optional<order> final;
  node_b.read([&](kitchen_reader& reader) { final = reader.find_order(seeded.place.id, id); });
  ASSERT_TRUE(final);
  int quantity = 0;
  for (const auto& item : final->items) quantity += item.quantity;
  EXPECT_EQ(quantity, 1 + kThreads * kEach);
  // The total, computed by each command from what it read, counts them all.
  EXPECT_EQ(final->total_amount, seeded.burger.price * (1 + kThreads * kEach));
}

}  // namespace
}  // namespace brigade::store::postgresql
