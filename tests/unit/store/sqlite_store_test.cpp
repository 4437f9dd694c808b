// What only the SQLite store does (the rest is store_contract_test.cpp): it
// refuses a write nested in its own transaction, and a commit it answered
// survives the process's death.
#include "store/sqlite/sqlite_store.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

class sqlite_store_only_test : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    store_.reset();
    store_ = std::make_unique<sqlite_store>(dir_.file("brigade.db"));
  }

  temp_dir dir_;
  std::unique_ptr<sqlite_store> store_;
};

TEST_F(sqlite_store_only_test, a_nested_transact_is_refused_not_deadlocked) {
  const auto s = seed_restaurant(*store_, "north");
  const auto outcome = store_->transact([&](unit_of_work&) -> status {
    EXPECT_THROW((void)store_->transact([](unit_of_work&) -> status { return ok_v; }), std::logic_error);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
}

TEST_F(sqlite_store_only_test, a_committed_transaction_survives_sigkill) {
  const auto s = seed_restaurant(*store_, "north");
  const auto path = dir_.file("brigade.db");
  store_.reset();
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // The child commits, then dies without closing anything: no checkpoint,
    // no destructor; the commit lives only in the WAL.
    sqlite_store store{path};
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
  open();
  store_->read([&](kitchen_reader& r) {
    EXPECT_EQ(r.list_orders(s.place.id, {}).orders.size(), 1u);
    EXPECT_EQ(r.last_sequence(s.place.id), 1u);
    EXPECT_EQ(r.events_after(s.place.id, 0, 10, kitchen::kNoByteLimit).size(), 1u);
  });
}

}  // namespace
}  // namespace brigade::store::sqlite
