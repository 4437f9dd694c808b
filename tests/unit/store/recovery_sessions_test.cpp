// The stores as kitchen::recovery_session_store, SQLite and PostgreSQL alike
// (store_backends.hpp): the recovery_sessions table, its versioned upsert,
// the start-up sweep, expiry and durability.
#include "store/sqlite/sqlite_store.hpp"

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "kitchen/recovery_sessions.hpp"
#include "store_backends.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

template <typename Backend>
class RecoverySessions : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    north_ = seed_restaurant(*store_, "north").place.id;
    south_ = seed_restaurant(*store_, "south").place.id;
  }
  /// A new process on the same database.
  void open() {
    if (!store_) {
      store_ = backend_.open();
    } else {
      backend_.reopen(store_);
    }
  }
  recovery_session_store& sessions() { return dynamic_cast<recovery_session_store&>(*store_); }

  recovery_session make(const std::string& pid, uint64_t version,
                        std::optional<int64_t> disconnected_ms = std::nullopt) const {
    recovery_session s;
    s.pid = pid;
    s.restaurant = north_;
    s.identity = "device:7:table_display:table=3";
    s.sid = "sid-" + pid + "-" + std::to_string(version);
    s.nsp = "/";
    // Deliberately not sorted: the order must come back as saved.
    s.rooms = {"r1:table:3", "r1:kitchen", "r1:orders", "r1:admin"};
    s.version = version;
    if (disconnected_ms) s.disconnected_at = at_ms(*disconnected_ms);
    return s;
  }

  static void expect_same(const recovery_session& a, const recovery_session& b) {
    EXPECT_EQ(a.pid, b.pid);
    EXPECT_EQ(a.restaurant, b.restaurant);
    EXPECT_EQ(a.identity, b.identity);
    EXPECT_EQ(a.sid, b.sid);
    EXPECT_EQ(a.nsp, b.nsp);
    EXPECT_EQ(a.rooms, b.rooms);
    EXPECT_EQ(a.version, b.version);
    expect_same_time(a.disconnected_at, b.disconnected_at, "disconnected_at");
  }

  Backend backend_;
  std::unique_ptr<kitchen_store> store_;
  restaurant_id north_ = 0;
  restaurant_id south_ = 0;
};

// The stores that keep recovery sessions (the in-memory one does not).
using session_backends = ::testing::Types<sqlite_backend, postgres_backend>;
TYPED_TEST_SUITE(RecoverySessions, session_backends, backend_name);

TYPED_TEST(RecoverySessions, RoundTripsAConnectedSessionKeepingTheRoomOrder) {
  const auto saved = this->make("pid-a", 1);
  this->sessions().save_recovery_session(saved);
  const auto found = this->sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  TestFixture::expect_same(*found, saved);
  EXPECT_FALSE(found->disconnected_at.has_value());
}

TYPED_TEST(RecoverySessions, RoundTripsADisconnectedSessionAndNoRooms) {
  auto saved = this->make("pid-b", 3, kDay0 + 5 * kMinute + 123);
  saved.nsp = "/admin";
  saved.rooms.clear();
  this->sessions().save_recovery_session(saved);
  const auto found = this->sessions().find_recovery_session("pid-b");
  ASSERT_TRUE(found.has_value());
  TestFixture::expect_same(*found, saved);
  ASSERT_TRUE(found->disconnected_at.has_value());
  EXPECT_EQ(to_unix_ms(*found->disconnected_at), kDay0 + 5 * kMinute + 123);
}

TYPED_TEST(RecoverySessions, KeepsRoomNamesWithQuotesAndNonAscii) {
  auto saved = this->make("pid-c", 1);
  saved.rooms = {"r1:\"quoted\"", "r1:café", "r1:back\\slash", ""};
  this->sessions().save_recovery_session(saved);
  const auto found = this->sessions().find_recovery_session("pid-c");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->rooms, saved.rooms);
}

TYPED_TEST(RecoverySessions, AnUnknownPidIsNotFound) {
  EXPECT_FALSE(this->sessions().find_recovery_session("nobody").has_value());
  this->sessions().save_recovery_session(this->make("pid-a", 1));
  EXPECT_FALSE(this->sessions().find_recovery_session("pid-").has_value());
  EXPECT_FALSE(this->sessions().find_recovery_session("").has_value());
}

TYPED_TEST(RecoverySessions, AnOlderOrEqualVersionIsIgnored) {
  const auto current = this->make("pid-a", 5);
  this->sessions().save_recovery_session(current);

  auto older = this->make("pid-a", 4, kDay0);
  older.rooms = {"r1:stale"};
  this->sessions().save_recovery_session(older);
  auto same = this->make("pid-a", 5, kDay0);
  same.sid = "another sid";
  this->sessions().save_recovery_session(same);

  const auto found = this->sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  TestFixture::expect_same(*found, current);
}

TYPED_TEST(RecoverySessions, ANewerVersionReplacesEveryField) {
  this->sessions().save_recovery_session(this->make("pid-a", 1, kDay0));
  recovery_session newer;
  newer.pid = "pid-a";
  newer.restaurant = this->south_;
  newer.identity = "staff:2:chef";
  newer.sid = "sid-new";
  newer.nsp = "/kitchen";
  newer.rooms = {"r2:kitchen"};
  newer.version = 2;
  newer.disconnected_at = std::nullopt;  // reconnected: cleared again
  this->sessions().save_recovery_session(newer);

  const auto found = this->sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  TestFixture::expect_same(*found, newer);
  EXPECT_FALSE(found->disconnected_at.has_value());
}

TYPED_TEST(RecoverySessions, DeleteRemovesOnlyThatSession) {
  this->sessions().save_recovery_session(this->make("pid-a", 1));
  this->sessions().save_recovery_session(this->make("pid-b", 1));
  this->sessions().delete_recovery_session("pid-a");
  EXPECT_FALSE(this->sessions().find_recovery_session("pid-a").has_value());
  EXPECT_TRUE(this->sessions().find_recovery_session("pid-b").has_value());
  // Unknown or already deleted: nothing happens.
  this->sessions().delete_recovery_session("pid-a");
  this->sessions().delete_recovery_session("nobody");
  EXPECT_TRUE(this->sessions().find_recovery_session("pid-b").has_value());
  // And the pid is free again, whatever version it had.
  this->sessions().save_recovery_session(this->make("pid-a", 0));
  EXPECT_TRUE(this->sessions().find_recovery_session("pid-a").has_value());
}

TYPED_TEST(RecoverySessions, DisconnectOpenMarksOnlyTheOpenOnesAndCountsThem) {
  this->sessions().save_recovery_session(this->make("open-1", 3));
  this->sessions().save_recovery_session(this->make("open-2", 1));
  this->sessions().save_recovery_session(this->make("gone", 2, kDay0));

  EXPECT_EQ(this->sessions().disconnect_open_recovery_sessions(at_ms(kDay0 + kMinute)), 2u);

  for (const char* pid : {"open-1", "open-2"}) {
    const auto found = this->sessions().find_recovery_session(pid);
    ASSERT_TRUE(found.has_value()) << pid;
    ASSERT_TRUE(found->disconnected_at.has_value()) << pid;
    EXPECT_EQ(to_unix_ms(*found->disconnected_at), kDay0 + kMinute) << pid;
  }
  // The version is the realtime layer's: marking does not change it.
  EXPECT_EQ(this->sessions().find_recovery_session("open-1")->version, 3u);
  const auto gone = this->sessions().find_recovery_session("gone");
  ASSERT_TRUE(gone.has_value());
  ASSERT_TRUE(gone->disconnected_at.has_value());
  EXPECT_EQ(to_unix_ms(*gone->disconnected_at), kDay0);

  // Nothing open any more.
  EXPECT_EQ(this->sessions().disconnect_open_recovery_sessions(at_ms(kDay0 + 2 * kMinute)), 0u);
  EXPECT_EQ(to_unix_ms(*this->sessions().find_recovery_session("open-2")->disconnected_at),
            kDay0 + kMinute);
}

TYPED_TEST(RecoverySessions, ExpireDeletesOnlyThoseDisconnectedBeforeTheCutoff) {
  const int64_t cutoff = kDay0 + 10 * kMinute;
  this->sessions().save_recovery_session(this->make("long-gone", 1, cutoff - kMinute));
  this->sessions().save_recovery_session(this->make("just-gone", 1, cutoff - 1));
  this->sessions().save_recovery_session(this->make("at-cutoff", 1, cutoff));
  this->sessions().save_recovery_session(this->make("recent", 1, cutoff + kMinute));
  this->sessions().save_recovery_session(this->make("connected", 1));

  EXPECT_EQ(this->sessions().expire_recovery_sessions(at_ms(cutoff)), 2u);

  EXPECT_FALSE(this->sessions().find_recovery_session("long-gone").has_value());
  EXPECT_FALSE(this->sessions().find_recovery_session("just-gone").has_value());
  EXPECT_TRUE(this->sessions().find_recovery_session("at-cutoff").has_value());
  EXPECT_TRUE(this->sessions().find_recovery_session("recent").has_value());
  EXPECT_TRUE(this->sessions().find_recovery_session("connected").has_value());
  EXPECT_EQ(this->sessions().expire_recovery_sessions(at_ms(cutoff)), 0u);
}

TYPED_TEST(RecoverySessions, SurviveReopeningTheDatabaseFile) {
  const auto connected = this->make("pid-a", 7);
  const auto dropped = this->make("pid-b", 2, kDay0 + 42);
  this->sessions().save_recovery_session(connected);
  this->sessions().save_recovery_session(dropped);
  this->open();
  auto found = this->sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  TestFixture::expect_same(*found, connected);
  found = this->sessions().find_recovery_session("pid-b");
  ASSERT_TRUE(found.has_value());
  TestFixture::expect_same(*found, dropped);
  // The stored version still wins after the restart.
  this->sessions().save_recovery_session(this->make("pid-a", 6, kDay0));
  TestFixture::expect_same(*this->sessions().find_recovery_session("pid-a"), connected);
}

TYPED_TEST(RecoverySessions, AnUnknownRestaurantIsRefused) {
  auto orphan = this->make("pid-a", 1);
  orphan.restaurant = 9999;
  EXPECT_THROW(this->sessions().save_recovery_session(orphan), store_failure);
  EXPECT_FALSE(this->sessions().find_recovery_session("pid-a").has_value());
}

TYPED_TEST(RecoverySessions, AVersionBeyondSqliteIntegersIsRefused) {
  auto huge = this->make("pid-a", static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
  this->sessions().save_recovery_session(huge);
  EXPECT_EQ(this->sessions().find_recovery_session("pid-a")->version, huge.version);
  huge.version += 1;
  EXPECT_THROW(this->sessions().save_recovery_session(huge), std::invalid_argument);
}

TYPED_TEST(RecoverySessions, ABatchSavesEverySessionInOneCommit) {
  this->sessions().save_recovery_session(this->make("pid-b", 5));
  auto older_b = this->make("pid-b", 4);
  older_b.sid = "stale";
  const auto skipped = this->sessions().save_recovery_sessions({this->make("pid-a", 1), older_b, this->make("pid-c", 2, kDay0)});
  EXPECT_TRUE(skipped.empty());
  TestFixture::expect_same(*this->sessions().find_recovery_session("pid-a"), this->make("pid-a", 1));
  TestFixture::expect_same(*this->sessions().find_recovery_session("pid-b"), this->make("pid-b", 5));  // the older save was a no-op
  TestFixture::expect_same(*this->sessions().find_recovery_session("pid-c"), this->make("pid-c", 2, kDay0));
  // Durable: a fresh connection to the file sees the batch.
  this->open();
  EXPECT_TRUE(this->sessions().find_recovery_session("pid-c").has_value());
}

TYPED_TEST(RecoverySessions, ABatchSkipsOnlyTheSessionsThatCannotBeStored) {
  auto orphan = this->make("orphan", 1);
  orphan.restaurant = 9999;
  auto huge = this->make("huge", static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1);
  const auto skipped = this->sessions().save_recovery_sessions({this->make("pid-a", 1), orphan, huge, this->make("pid-b", 1)});
  ASSERT_EQ(skipped.size(), 2u) << ::testing::PrintToString(skipped);
  EXPECT_EQ(skipped[0].rfind("orphan: ", 0), 0u) << skipped[0];
  EXPECT_EQ(skipped[1].rfind("huge: ", 0), 0u) << skipped[1];
  EXPECT_TRUE(this->sessions().find_recovery_session("pid-a").has_value());
  EXPECT_TRUE(this->sessions().find_recovery_session("pid-b").has_value());
  EXPECT_FALSE(this->sessions().find_recovery_session("orphan").has_value());
  EXPECT_FALSE(this->sessions().find_recovery_session("huge").has_value());
  EXPECT_TRUE(this->sessions().save_recovery_sessions({}).empty());
}

TYPED_TEST(RecoverySessions, AWriteInsideATransactionIsRefusedNotDeadlocked) {
  const auto outcome = this->store_->transact([&](unit_of_work&) -> status {
    EXPECT_THROW(this->sessions().save_recovery_session(this->make("pid-a", 1)), std::logic_error);
    EXPECT_THROW((void)this->sessions().save_recovery_sessions({this->make("pid-a", 1)}), std::logic_error);
    EXPECT_THROW((void)this->sessions().expire_recovery_sessions(at_ms(kDay0)), std::logic_error);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
  // Reads do not take the writer: allowed anywhere.
  const auto read_outcome = this->store_->transact([&](unit_of_work&) -> status {
    EXPECT_FALSE(this->sessions().find_recovery_session("pid-a").has_value());
    return ok_v;
  });
  EXPECT_TRUE(read_outcome.ok());
}

TYPED_TEST(RecoverySessions, ConcurrentSavesEndWithTheHighestVersion) {
  constexpr int kThreads = 8;
  constexpr int kSavesPerThread = 40;
  constexpr uint64_t kLast = uint64_t{kThreads} * kSavesPerThread;
  // Versions are handed out in increasing order, but the saves race to the
  // writer, so they reach the store in any order.
  std::atomic<uint64_t> next_version{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kSavesPerThread; ++i) {
        const uint64_t version = ++next_version;
        auto s = this->make("shared", version, version % 2 == 0 ? std::optional<int64_t>{kDay0}
                                                           : std::nullopt);
        s.rooms = {"r1:v" + std::to_string(version)};
        try {
          this->sessions().save_recovery_session(s);
          const auto seen = this->sessions().find_recovery_session("shared");
          // Never older than what this thread itself just saved.
          if (!seen || seen->version < version) ++failures;
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  const auto found = this->sessions().find_recovery_session("shared");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->version, kLast);
  EXPECT_EQ(found->sid, "sid-shared-" + std::to_string(kLast));
  EXPECT_EQ(found->rooms, std::vector<std::string>{"r1:v" + std::to_string(kLast)});
  EXPECT_EQ(found->disconnected_at.has_value(), kLast % 2 == 0);
}

TEST(RecoverySessionsOnSqlite, ExpiryAndTheStartUpSweepUseTheIndex) {
  temp_dir dir;
  { sqlite_store store{dir.file("brigade.db")}; }
  sqlite_connection db{dir.file("brigade.db"), connection_role::reader};
  for (const char* sql :
       {"EXPLAIN QUERY PLAN DELETE FROM recovery_sessions WHERE disconnected_at < 1",
        "EXPLAIN QUERY PLAN UPDATE recovery_sessions SET disconnected_at = 1"
        " WHERE disconnected_at IS NULL"}) {
    auto s = db.prepare(sql, "test");
    ASSERT_TRUE(s.step()) << sql;
    EXPECT_NE(s.column_text(3).find("recovery_sessions_by_disconnection"), std::string::npos)
        << sql << ": " << s.column_text(3);
  }
}

}  // namespace
}  // namespace brigade::store::sqlite
