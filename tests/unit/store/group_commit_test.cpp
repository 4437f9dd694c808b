// sqlite_store's group commit: works queued while another commits share the
// next commit; each fails alone; announcements keep commit order.
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

// Until `ready` holds or 10 s pass (then the test fails on what follows).
template <typename Condition>
bool await(Condition ready) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

class group_commit_test : public ::testing::Test {
 protected:
  // One order and one event; `sequence` is the event's.
  status write_order(unit_of_work& unit, const std::string& number, uint64_t& sequence) {
    order o = make_order(s_, number, kDay0);
    unit.save_order(o);
    std::vector<domain_event> events{stats_event(s_.place.id)};
    unit.append_events(events);
    sequence = events[0].sequence;
    return ok_v;
  }
  std::set<std::string> order_numbers() {
    std::set<std::string> numbers;
    store_.read([&](kitchen_reader& r) {
      for (const order& o : r.list_orders(s_.place.id, {}).orders) numbers.insert(o.number);
    });
    return numbers;
  }

  temp_dir dir_;
  sqlite_store store_{dir_.file("brigade.db")};
  seeded_restaurant s_ = seed_restaurant(store_, "north");
};

TEST_F(group_commit_test, works_queued_behind_a_commit_share_the_next_and_fail_alone) {
  const auto before = store_.commits();
  std::mutex mutex;
  std::vector<std::string> announced;
  const auto announce = [&](std::string who) {
    return [&, who] {
      std::lock_guard lock(mutex);
      announced.push_back(who);
    };
  };
  std::atomic<bool> first_inside{false};
  uint64_t seq_first = 0, seq_refused = 0, seq_kept = 0, seq_thrown = 0;

  // The first work holds the writer until three more wait in the queue.
  std::thread first([&] {
    const auto outcome = store_.transact(
        [&](unit_of_work& unit) -> status {
          first_inside = true;
          EXPECT_TRUE(await([&] { return store_.queued_transactions() == 3; }));
          return write_order(unit, "A-0001", seq_first);
        },
        announce("first"));
    EXPECT_TRUE(outcome.ok());
  });
  ASSERT_TRUE(await([&] { return first_inside.load(); }));
  std::thread refused([&] {
    const auto outcome = store_.transact(
        [&](unit_of_work& unit) -> status {
          (void)write_order(unit, "A-0002", seq_refused);
          return make_error("conflict", "refused after writing");
        },
        announce("refused"));
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, "conflict");
  });
  ASSERT_TRUE(await([&] { return store_.queued_transactions() == 1; }));
  std::thread kept([&] {
    EXPECT_TRUE(store_.transact([&](unit_of_work& unit) { return write_order(unit, "A-0003", seq_kept); },
                                announce("kept"))
                    .ok());
  });
  ASSERT_TRUE(await([&] { return store_.queued_transactions() == 2; }));
  std::thread thrown([&] {
    EXPECT_THROW((void)store_.transact(
                     [&](unit_of_work& unit) -> status {
                       (void)write_order(unit, "A-0004", seq_thrown);
                       throw std::runtime_error("boom");
                     },
                     announce("thrown")),
                 std::runtime_error);
  });
  for (std::thread* t : {&first, &refused, &kept, &thrown}) t->join();

  const auto after = store_.commits();
  EXPECT_EQ(after.commits - before.commits, 2U) << "the first alone, then the three queued behind it";
  EXPECT_EQ(after.transactions - before.transactions, 2U) << "the refused and the thrown work were not kept";
  EXPECT_EQ(order_numbers(), (std::set<std::string>{"A-0001", "A-0003"}));
  EXPECT_EQ(announced, (std::vector<std::string>{"first", "kept"}));
  // The kept work took the sequence the refused one gave back: no gap.
  EXPECT_EQ(seq_first, 1U);
  EXPECT_EQ(seq_kept, 2U);
  store_.read([&](kitchen_reader& r) { EXPECT_EQ(r.last_sequence(s_.place.id), 2U); });
}

TEST_F(group_commit_test, a_batch_with_nothing_to_keep_commits_nothing) {
  const auto before = store_.commits();
  const auto outcome = store_.transact([&](unit_of_work& unit) -> status {
    uint64_t sequence = 0;
    (void)write_order(unit, "A-0001", sequence);
    return make_error("conflict", "no");
  });
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(store_.commits().commits, before.commits);
  EXPECT_TRUE(order_numbers().empty());
}

TEST_F(group_commit_test, an_announcement_may_not_write_to_its_own_store) {
  bool refused = false;
  const auto outcome = store_.transact([](unit_of_work&) -> status { return ok_v; },
                                       [&] {
                                         try {
                                           (void)store_.transact([](unit_of_work&) -> status { return ok_v; });
                                         } catch (const std::logic_error&) {
                                           refused = true;
                                         }
                                       });
  EXPECT_TRUE(outcome.ok());
  EXPECT_TRUE(refused) << "a write from after_commit would wait for itself";
}

TEST_F(group_commit_test, many_threads_share_commits_and_announce_in_commit_order) {
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  const auto before = store_.commits();
  std::mutex mutex;
  std::vector<uint64_t> announced;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        uint64_t sequence = 0;
        const auto outcome = store_.transact(
            [&](unit_of_work& unit) {
              return write_order(unit, "B-" + std::to_string(t) + "-" + std::to_string(i), sequence);
            },
            [&] {
              std::lock_guard lock(mutex);
              announced.push_back(sequence);
            });
        EXPECT_TRUE(outcome.ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  constexpr uint64_t kTotal = kThreads * kEach;
  ASSERT_EQ(announced.size(), kTotal);
  for (uint64_t i = 0; i < kTotal; ++i) EXPECT_EQ(announced[i], i + 1) << "announced out of commit order";
  const auto after = store_.commits();
  EXPECT_EQ(after.transactions - before.transactions, kTotal);
  EXPECT_LE(after.commits - before.commits, kTotal);
  store_.read([&](kitchen_reader& r) { EXPECT_EQ(r.last_sequence(s_.place.id), kTotal); });
}

}  // namespace
}  // namespace brigade::store::sqlite
