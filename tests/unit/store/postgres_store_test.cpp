// What only the PostgreSQL store does (the rest is the contract suite): two
// store objects on one database stand for two nodes; their writers race
// from threads and must still number the outbox without gaps, give one
// order per idempotency key and unique order numbers. A commit it answered
// survives kill -9 of the writer; a nested write is refused.
#include "store/postgresql/postgres_store.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/kitchen_service.hpp"
#include "pg_test_database.hpp"
#include "store/open_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store::postgresql {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

class two_nodes_test : public ::testing::Test {
 protected:
  void SetUp() override {
    node_a_ = std::make_unique<postgres_store>(database_.url(), 4);
    node_b_ = std::make_unique<postgres_store>(database_.url(), 4);
    seeded_ = seed_restaurant(*node_a_, "north");
  }
  postgres_store& node(int i) { return i % 2 == 0 ? *node_a_ : *node_b_; }

  // Starts `threads` threads, half on each node, all running `body(thread)`
  // at once.
  template <typename Body>
  static void race(int threads, Body body) {
    std::atomic<int> ready{0};
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) {
      running.emplace_back([&, t] {
        ++ready;
        while (ready.load() < threads) std::this_thread::yield();
        body(t);
      });
    }
    for (auto& t : running) t.join();
  }

  pg_test_database database_;
  std::unique_ptr<postgres_store> node_a_;
  std::unique_ptr<postgres_store> node_b_;
  seeded_restaurant seeded_;
};

TEST_F(two_nodes_test, the_outbox_stays_gapless_with_writers_on_both_nodes) {
  constexpr int kThreads = 6;
  constexpr int kTransactions = 15;
  const auto r = seeded_.place.id;
  std::mutex mutex;
  std::vector<uint64_t> announced[2];  // per node, in after_commit order
  std::atomic<int> committed_events{0};
  race(kThreads, [&](int t) {
    for (int i = 0; i < kTransactions; ++i) {
      // Every third transaction appends, then refuses: its numbers go back.
      const bool refuse = i % 3 == 2;
      std::vector<domain_event> events{stats_event(r), stats_event(r)};
      const auto outcome = node(t).transact(
          [&](unit_of_work& unit) -> status {
            unit.append_events(events);
            if (refuse) return make_error("conflict", "changed its mind");
            return ok_v;
          },
          [&] {
            std::lock_guard lock(mutex);
            for (const auto& e : events) announced[t % 2].push_back(e.sequence);
          });
      EXPECT_EQ(outcome.ok(), !refuse);
      if (outcome.ok()) committed_events += 2;
    }
  });
  const auto total = static_cast<uint64_t>(committed_events.load());
  node_b_->read([&](kitchen_reader& reader) {
    EXPECT_EQ(reader.last_sequence(r), total);
    const auto events = reader.events_after(r, 0, 10'000, kNoByteLimit);
    ASSERT_EQ(events.size(), total);
    for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].sequence, i + 1);
  });
  // Each node announced its own commits in sequence order.
  for (const auto& node_announced : announced) {
    for (size_t i = 1; i < node_announced.size(); ++i) EXPECT_LT(node_announced[i - 1], node_announced[i]);
  }
  EXPECT_EQ(announced[0].size() + announced[1].size(), total);
}

TEST_F(two_nodes_test, racing_retries_of_one_idempotency_key_make_one_order) {
  constexpr int kThreads = 6;
  constexpr int kKeys = 5;
  const auto r = seeded_.place.id;
  std::mutex mutex;
  std::set<order_id> answers[kKeys];
  race(kThreads, [&](int t) {
    for (int k = 0; k < kKeys; ++k) {
      const std::string key = "retry-" + std::to_string(k);
      order_id answer = 0;
      // What the kitchen does with a key: the order it names, or a new one
      // remembered under it.
      const auto outcome = node(t).transact([&](unit_of_work& unit) -> status {
        if (const auto known = unit.find_idempotency_key(r, key)) {
          answer = known->order;
          return ok_v;
        }
        const auto number = unit.next_order_number(r, 1);
        order o = make_order(seeded_, "A-" + std::to_string(number), kDay0);
        unit.save_order(o);
        unit.remember_idempotency_key(r, key, "same body", o.id);
        answer = o.id;
        return ok_v;
      });
      ASSERT_TRUE(outcome.ok());
      std::lock_guard lock(mutex);
      answers[k].insert(answer);
    }
  });
  for (const auto& answer : answers) EXPECT_EQ(answer.size(), 1u);
  order_query all;
  all.limit = 1000;
  EXPECT_EQ(read_value(*node_a_, [&](kitchen_reader& reader) { return reader.list_orders(r, all).orders.size(); }),
            static_cast<size_t>(kKeys));
}

TEST_F(two_nodes_test, the_kitchen_creates_one_order_for_a_key_retried_on_both_nodes) {
  // The real use case on each node, as two servers behind a load balancer
  // would run it when a waiter's phone retries through the other one.
  kitchen_service on_a{*node_a_};
  kitchen_service on_b{*node_b_};
  const actor waiter = waiter_of(seeded_);
  create_order_command command;
  command.table = seeded_.table1.id;
  new_item burgers;
  burgers.menu_item = seeded_.burger.id;
  burgers.quantity = 2;
  command.items = {burgers};
  command.idempotency_key = "table1-first-round";
  command.request_fingerprint = "body";
  constexpr int kThreads = 6;
  std::mutex mutex;
  std::set<order_id> created;
  int replays = 0;
  race(kThreads, [&](int t) {
    const auto outcome = (t % 2 == 0 ? on_a : on_b).create_order(waiter, command);
    ASSERT_TRUE(outcome.ok()) << outcome.error().message;
    std::lock_guard lock(mutex);
    created.insert(outcome.value().order.id);
    if (outcome.value().replayed) ++replays;
  });
  EXPECT_EQ(created.size(), 1u);
  EXPECT_EQ(replays, kThreads - 1);
}

TEST_F(two_nodes_test, order_numbers_are_unique_per_day_across_nodes) {
  constexpr int kThreads = 6;
  constexpr int kTransactions = 15;
  const auto r = seeded_.place.id;
  std::mutex mutex;
  std::vector<int64_t> day_one;
  std::vector<int64_t> day_two;
  race(kThreads, [&](int t) {
    for (int i = 0; i < kTransactions; ++i) {
      const int32_t day = i % 2 == 0 ? 1 : 2;
      int64_t number = 0;
      ASSERT_TRUE(node(t).transact([&](unit_of_work& unit) -> status {
                           number = unit.next_order_number(r, day);
                           return ok_v;
                         }).ok());
      std::lock_guard lock(mutex);
      (day == 1 ? day_one : day_two).push_back(number);
    }
  });
  for (auto* numbers : {&day_one, &day_two}) {
    const std::set<int64_t> distinct(numbers->begin(), numbers->end());
    EXPECT_EQ(distinct.size(), numbers->size());
    EXPECT_EQ(*distinct.begin(), 1);
    EXPECT_EQ(*distinct.rbegin(), static_cast<int64_t>(numbers->size()));
  }
}

TEST(postgres_store_only, a_nested_transact_is_refused_not_deadlocked) {
  pg_test_database database;
  postgres_store store{database.url(), 2};
  const auto outcome = store.transact([&](unit_of_work&) -> status {
    EXPECT_THROW((void)store.transact([](unit_of_work&) -> status { return ok_v; }), std::logic_error);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
}

TEST(postgres_store_only, two_nodes_migrating_at_once_both_open) {
  pg_test_database database;
  std::vector<std::thread> nodes;
  std::atomic<int> opened{0};
  for (int i = 0; i < 3; ++i) {
    nodes.emplace_back([&] {
      postgres_store store{database.url(), 1};
      if (store.schema_version() >= 1) ++opened;
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_EQ(opened.load(), 3);
}

TEST(postgres_store_only, connections_that_broke_while_idle_cost_no_command_an_error) {
  pg_test_database database;
  postgres_store store{database.url(), 2};
  const auto s = seed_restaurant(store, "north");
  // Two idle connections in the pool (a read inside a read holds two).
  store.read([&](kitchen_reader&) { store.read([&](kitchen_reader&) {}); });
  // What a server restart does to them: their backends end.
  {
    pqxx::connection admin{database.url()};
    pqxx::nontransaction tx{admin};
    tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  EXPECT_EQ(read_value(store, [&](kitchen_reader& r) { return r.tables(s.place.id).size(); }), 2u);
  EXPECT_TRUE(store.transact([&](unit_of_work& unit) -> status {
                     (void)unit.next_order_number(s.place.id, 1);
                     return ok_v;
                   }).ok());
}

TEST(postgres_store_only, an_unreachable_database_is_a_store_failure) {
  EXPECT_THROW(postgres_store("postgresql://brigade@127.0.0.1:1/nothing?connect_timeout=2"), store_failure);
}

TEST(postgres_store_only, a_committed_transaction_survives_sigkill) {
  pg_test_database database;
  seeded_restaurant s;
  {
    postgres_store store{database.url(), 1};
    s = seed_restaurant(store, "north");
  }
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // The child commits, then dies at once: no destructor, no clean
    // disconnect. What it was told is committed must be in the database.
    postgres_store store{database.url(), 1};
    const auto outcome = store.transact(
        [&](unit_of_work& unit) -> status {
          order o = make_order(s, "A-0001", kDay0);
          unit.save_order(o);
          std::vector<domain_event> events{stats_event(s.place.id)};
          unit.append_events(events);
          return ok_v;
        },
        [] { ::kill(::getpid(), SIGKILL); });
    (void)outcome;
    ::_exit(3);  // not reached
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wstatus));
  EXPECT_EQ(WTERMSIG(wstatus), SIGKILL);
  postgres_store store{database.url(), 1};
  store.read([&](kitchen_reader& r) {
    EXPECT_EQ(r.list_orders(s.place.id, {}).orders.size(), 1u);
    EXPECT_EQ(r.last_sequence(s.place.id), 1u);
    EXPECT_EQ(r.events_after(s.place.id, 0, 10, kNoByteLimit).size(), 1u);
  });
}

TEST(open_server_store, picks_postgresql_by_url_and_sqlite_otherwise) {
  EXPECT_TRUE(is_postgres_url("postgresql://brigade@127.0.0.1:5432/brigade"));
  EXPECT_TRUE(is_postgres_url("postgres://db.example/brigade"));
  EXPECT_FALSE(is_postgres_url("brigade.db"));
  EXPECT_FALSE(is_postgres_url("/var/lib/brigade/postgresql.db"));
  pg_test_database database;
  auto opened = open_server_store(database.url());
  ASSERT_NE(opened.recovery_sessions, nullptr);
  const auto s = seed_restaurant(*opened.kitchen, "north");
  EXPECT_GT(opened.commits().first, 0u);
  temp_dir dir;
  auto file = open_server_store(dir.file("brigade.db"));
  EXPECT_TRUE(read_value(*file.kitchen, [&](kitchen_reader& r) { return r.restaurants(); }).empty());
}

}  // namespace
}  // namespace brigade::store::postgresql
