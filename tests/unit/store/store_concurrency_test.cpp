// sqlite_store under several threads: serialised writers, gapless
// sequences, snapshot-consistent readers.
#include "store/sqlite/sqlite_store.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

TEST(store_concurrency, four_threads_of_fifty_transactions_all_commit_gaplessly) {
  temp_dir dir;
  sqlite_store store{dir.file("brigade.db")};
  const auto s = seed_restaurant(store, "north");
  constexpr int kThreads = 4;
  constexpr int kTransactions = 50;

  std::mutex mutex;
  std::vector<int64_t> numbers;
  std::vector<uint64_t> announced;  // sequences, in after_commit order
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kTransactions; ++i) {
        int64_t number = 0;
        std::vector<domain_event> events{stats_event(s.place.id)};
        const auto outcome = store.transact(
            [&](unit_of_work& unit) -> status {
              number = unit.next_order_number(s.place.id, 1);
              unit.append_events(events);
              return ok_v;
            },
            [&] {
              std::lock_guard lock(mutex);
              announced.push_back(events[0].sequence);
            });
        if (!outcome.ok()) ++failures;
        std::lock_guard lock(mutex);
        numbers.push_back(number);
      }
    });
  }
  for (auto& t : threads) t.join();

  constexpr int kTotal = kThreads * kTransactions;
  EXPECT_EQ(failures.load(), 0);
  // Every number taken exactly once.
  const std::set<int64_t> distinct(numbers.begin(), numbers.end());
  ASSERT_EQ(distinct.size(), static_cast<size_t>(kTotal));
  EXPECT_EQ(*distinct.begin(), 1);
  EXPECT_EQ(*distinct.rbegin(), kTotal);
  // Announced in commit order: 1, 2, 3, … with no gap.
  ASSERT_EQ(announced.size(), static_cast<size_t>(kTotal));
  for (int i = 0; i < kTotal; ++i) EXPECT_EQ(announced[i], static_cast<uint64_t>(i + 1));

  store.read([&](kitchen_reader& r) {
    EXPECT_EQ(r.last_sequence(s.place.id), static_cast<uint64_t>(kTotal));
    const auto events = r.events_after(s.place.id, 0, 1000, kitchen::kNoByteLimit);
    ASSERT_EQ(events.size(), static_cast<size_t>(kTotal));
    for (int i = 0; i < kTotal; ++i) EXPECT_EQ(events[i].sequence, static_cast<uint64_t>(i + 1));
  });
}

TEST(store_concurrency, readers_see_whole_commits_while_a_writer_runs) {
  temp_dir dir;
  sqlite_store store{dir.file("brigade.db")};
  const auto s = seed_restaurant(store, "north");
  constexpr int kWrites = 60;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::atomic<int> inconsistencies{0};

  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      // Each commit adds one order and one event: a reader must never see
      // one without the other.
      const auto outcome = store.transact([&](unit_of_work& unit) -> status {
        order o = make_order(s, "A-" + std::to_string(i + 1), kDay0 + i);
        unit.save_order(o);
        std::vector<domain_event> events{stats_event(s.place.id)};
        unit.append_events(events);
        return ok_v;
      });
      EXPECT_TRUE(outcome.ok());
    }
    done = true;
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      uint64_t last_seen = 0;
      // At least a few reads even if the writer finishes first.
      for (int round = 0; !done || round < 5; ++round) {
        store.read([&](kitchen_reader& r) {
          const auto sequence = r.last_sequence(s.place.id);
          order_query all;
          all.limit = 1000;
          const auto orders = r.list_orders(s.place.id, all).orders.size();
          const auto events = r.events_after(s.place.id, 0, 1000, kitchen::kNoByteLimit).size();
          if (orders != sequence || events != sequence || sequence < last_seen) ++inconsistencies;
          for (const auto& o : r.list_orders(s.place.id, all).orders) {
            if (o.items.size() != 2) ++inconsistencies;
          }
          last_seen = sequence;
        });
        ++reads;
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  EXPECT_EQ(inconsistencies.load(), 0);
  EXPECT_GE(reads.load(), 15);
  EXPECT_EQ(read_value(store, [&](kitchen_reader& r) { return r.last_sequence(s.place.id); }),
            static_cast<uint64_t>(kWrites));
}

TEST(store_concurrency, a_read_inside_a_read_gets_its_own_connection) {
  temp_dir dir;
  sqlite_store store{dir.file("brigade.db")};
  const auto s = seed_restaurant(store, "north");
  size_t inner_tables = 0;
  store.read([&](kitchen_reader&) {
    store.read([&](kitchen_reader& inner) { inner_tables = inner.tables(s.place.id).size(); });
  });
  EXPECT_EQ(inner_tables, 2u);
}

TEST(store_concurrency, an_exception_in_a_read_leaves_the_pool_usable) {
  temp_dir dir;
  sqlite_store store{dir.file("brigade.db")};
  const auto s = seed_restaurant(store, "north");
  for (int i = 0; i < 20; ++i) {
    EXPECT_THROW(store.read([&](kitchen_reader& r) {
      (void)r.tables(s.place.id);
      throw std::runtime_error("reader gave up");
    }),
                 std::runtime_error);
  }
  EXPECT_EQ(read_value(store, [&](kitchen_reader& r) { return r.tables(s.place.id).size(); }), 2u);
}

}  // namespace
}  // namespace brigade::store::sqlite
