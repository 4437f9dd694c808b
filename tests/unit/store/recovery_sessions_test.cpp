// sqlite_store as kitchen::recovery_session_store: the recovery_sessions
// table, its versioned upsert, the start-up sweep, expiry and durability.
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
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using namespace kitchen;
using namespace brigade::store::testing;

class RecoverySessions : public ::testing::Test {
 protected:
  void SetUp() override {
    open();
    north_ = seed_restaurant(*store_, "north").place.id;
    south_ = seed_restaurant(*store_, "south").place.id;
  }
  void open() {
    store_.reset();
    store_ = std::make_unique<sqlite_store>(dir_.file("brigade.db"));
  }
  recovery_session_store& sessions() { return *store_; }

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

  temp_dir dir_;
  std::unique_ptr<sqlite_store> store_;
  restaurant_id north_ = 0;
  restaurant_id south_ = 0;
};

TEST_F(RecoverySessions, RoundTripsAConnectedSessionKeepingTheRoomOrder) {
  const auto saved = make("pid-a", 1);
  sessions().save_recovery_session(saved);
  const auto found = sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  expect_same(*found, saved);
  EXPECT_FALSE(found->disconnected_at.has_value());
}

TEST_F(RecoverySessions, RoundTripsADisconnectedSessionAndNoRooms) {
  auto saved = make("pid-b", 3, kDay0 + 5 * kMinute + 123);
  saved.nsp = "/admin";
  saved.rooms.clear();
  sessions().save_recovery_session(saved);
  const auto found = sessions().find_recovery_session("pid-b");
  ASSERT_TRUE(found.has_value());
  expect_same(*found, saved);
  ASSERT_TRUE(found->disconnected_at.has_value());
  EXPECT_EQ(to_unix_ms(*found->disconnected_at), kDay0 + 5 * kMinute + 123);
}

TEST_F(RecoverySessions, KeepsRoomNamesWithQuotesAndNonAscii) {
  auto saved = make("pid-c", 1);
  saved.rooms = {"r1:\"quoted\"", "r1:café", "r1:back\\slash", ""};
  sessions().save_recovery_session(saved);
  const auto found = sessions().find_recovery_session("pid-c");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->rooms, saved.rooms);
}

TEST_F(RecoverySessions, AnUnknownPidIsNotFound) {
  EXPECT_FALSE(sessions().find_recovery_session("nobody").has_value());
  sessions().save_recovery_session(make("pid-a", 1));
  EXPECT_FALSE(sessions().find_recovery_session("pid-").has_value());
  EXPECT_FALSE(sessions().find_recovery_session("").has_value());
}

TEST_F(RecoverySessions, AnOlderOrEqualVersionIsIgnored) {
  const auto current = make("pid-a", 5);
  sessions().save_recovery_session(current);

  auto older = make("pid-a", 4, kDay0);
  older.rooms = {"r1:stale"};
  sessions().save_recovery_session(older);
  auto same = make("pid-a", 5, kDay0);
  same.sid = "another sid";
  sessions().save_recovery_session(same);

  const auto found = sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  expect_same(*found, current);
}

TEST_F(RecoverySessions, ANewerVersionReplacesEveryField) {
  sessions().save_recovery_session(make("pid-a", 1, kDay0));
  recovery_session newer;
  newer.pid = "pid-a";
  newer.restaurant = south_;
  newer.identity = "staff:2:chef";
  newer.sid = "sid-new";
  newer.nsp = "/kitchen";
  newer.rooms = {"r2:kitchen"};
  newer.version = 2;
  newer.disconnected_at = std::nullopt;  // reconnected: cleared again
  sessions().save_recovery_session(newer);

  const auto found = sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  expect_same(*found, newer);
  EXPECT_FALSE(found->disconnected_at.has_value());
}

TEST_F(RecoverySessions, DeleteRemovesOnlyThatSession) {
  sessions().save_recovery_session(make("pid-a", 1));
  sessions().save_recovery_session(make("pid-b", 1));
  sessions().delete_recovery_session("pid-a");
  EXPECT_FALSE(sessions().find_recovery_session("pid-a").has_value());
  EXPECT_TRUE(sessions().find_recovery_session("pid-b").has_value());
  // Unknown or already deleted: nothing happens.
  sessions().delete_recovery_session("pid-a");
  sessions().delete_recovery_session("nobody");
  EXPECT_TRUE(sessions().find_recovery_session("pid-b").has_value());
  // And the pid is free again, whatever version it had.
  sessions().save_recovery_session(make("pid-a", 0));
  EXPECT_TRUE(sessions().find_recovery_session("pid-a").has_value());
}

TEST_F(RecoverySessions, DisconnectOpenMarksOnlyTheOpenOnesAndCountsThem) {
  sessions().save_recovery_session(make("open-1", 3));
  sessions().save_recovery_session(make("open-2", 1));
  sessions().save_recovery_session(make("gone", 2, kDay0));

  EXPECT_EQ(sessions().disconnect_open_recovery_sessions(at_ms(kDay0 + kMinute)), 2u);

  for (const char* pid : {"open-1", "open-2"}) {
    const auto found = sessions().find_recovery_session(pid);
    ASSERT_TRUE(found.has_value()) << pid;
    ASSERT_TRUE(found->disconnected_at.has_value()) << pid;
    EXPECT_EQ(to_unix_ms(*found->disconnected_at), kDay0 + kMinute) << pid;
  }
  // The version is the realtime layer's: marking does not change it.
  EXPECT_EQ(sessions().find_recovery_session("open-1")->version, 3u);
  const auto gone = sessions().find_recovery_session("gone");
  ASSERT_TRUE(gone.has_value());
  ASSERT_TRUE(gone->disconnected_at.has_value());
  EXPECT_EQ(to_unix_ms(*gone->disconnected_at), kDay0);

  // Nothing open any more.
  EXPECT_EQ(sessions().disconnect_open_recovery_sessions(at_ms(kDay0 + 2 * kMinute)), 0u);
  EXPECT_EQ(to_unix_ms(*sessions().find_recovery_session("open-2")->disconnected_at),
            kDay0 + kMinute);
}

TEST_F(RecoverySessions, ExpireDeletesOnlyThoseDisconnectedBeforeTheCutoff) {
  const int64_t cutoff = kDay0 + 10 * kMinute;
  sessions().save_recovery_session(make("long-gone", 1, cutoff - kMinute));
  sessions().save_recovery_session(make("just-gone", 1, cutoff - 1));
  sessions().save_recovery_session(make("at-cutoff", 1, cutoff));
  sessions().save_recovery_session(make("recent", 1, cutoff + kMinute));
  sessions().save_recovery_session(make("connected", 1));

  EXPECT_EQ(sessions().expire_recovery_sessions(at_ms(cutoff)), 2u);

  EXPECT_FALSE(sessions().find_recovery_session("long-gone").has_value());
  EXPECT_FALSE(sessions().find_recovery_session("just-gone").has_value());
  EXPECT_TRUE(sessions().find_recovery_session("at-cutoff").has_value());
  EXPECT_TRUE(sessions().find_recovery_session("recent").has_value());
  EXPECT_TRUE(sessions().find_recovery_session("connected").has_value());
  EXPECT_EQ(sessions().expire_recovery_sessions(at_ms(cutoff)), 0u);
}

TEST_F(RecoverySessions, ExpiryAndTheStartUpSweepUseTheIndex) {
  sqlite_connection db{dir_.file("brigade.db"), connection_role::reader};
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

TEST_F(RecoverySessions, SurviveReopeningTheDatabaseFile) {
  const auto connected = make("pid-a", 7);
  const auto dropped = make("pid-b", 2, kDay0 + 42);
  sessions().save_recovery_session(connected);
  sessions().save_recovery_session(dropped);
  open();
  auto found = sessions().find_recovery_session("pid-a");
  ASSERT_TRUE(found.has_value());
  expect_same(*found, connected);
  found = sessions().find_recovery_session("pid-b");
  ASSERT_TRUE(found.has_value());
  expect_same(*found, dropped);
  // The stored version still wins after the restart.
  sessions().save_recovery_session(make("pid-a", 6, kDay0));
  expect_same(*sessions().find_recovery_session("pid-a"), connected);
}

TEST_F(RecoverySessions, AnUnknownRestaurantIsRefused) {
  auto orphan = make("pid-a", 1);
  orphan.restaurant = 9999;
  EXPECT_THROW(sessions().save_recovery_session(orphan), store_failure);
  EXPECT_FALSE(sessions().find_recovery_session("pid-a").has_value());
}

TEST_F(RecoverySessions, AVersionBeyondSqliteIntegersIsRefused) {
  auto huge = make("pid-a", static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
  sessions().save_recovery_session(huge);
  EXPECT_EQ(sessions().find_recovery_session("pid-a")->version, huge.version);
  huge.version += 1;
  EXPECT_THROW(sessions().save_recovery_session(huge), std::invalid_argument);
}

TEST_F(RecoverySessions, ABatchSavesEverySessionInOneCommit) {
  sessions().save_recovery_session(make("pid-b", 5));
  auto older_b = make("pid-b", 4);
  older_b.sid = "stale";
  const auto skipped = sessions().save_recovery_sessions({make("pid-a", 1), older_b, make("pid-c", 2, kDay0)});
  EXPECT_TRUE(skipped.empty());
  expect_same(*sessions().find_recovery_session("pid-a"), make("pid-a", 1));
  expect_same(*sessions().find_recovery_session("pid-b"), make("pid-b", 5));  // the older save was a no-op
  expect_same(*sessions().find_recovery_session("pid-c"), make("pid-c", 2, kDay0));
  // Durable: a fresh connection to the file sees the batch.
  open();
  EXPECT_TRUE(sessions().find_recovery_session("pid-c").has_value());
}

TEST_F(RecoverySessions, ABatchSkipsOnlyTheSessionsThatCannotBeStored) {
  auto orphan = make("orphan", 1);
  orphan.restaurant = 9999;
  auto huge = make("huge", static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1);
  const auto skipped = sessions().save_recovery_sessions({make("pid-a", 1), orphan, huge, make("pid-b", 1)});
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0].rfind("orphan: ", 0), 0u) << skipped[0];
  EXPECT_EQ(skipped[1].rfind("huge: ", 0), 0u) << skipped[1];
  EXPECT_TRUE(sessions().find_recovery_session("pid-a").has_value());
  EXPECT_TRUE(sessions().find_recovery_session("pid-b").has_value());
  EXPECT_FALSE(sessions().find_recovery_session("orphan").has_value());
  EXPECT_FALSE(sessions().find_recovery_session("huge").has_value());
  EXPECT_TRUE(sessions().save_recovery_sessions({}).empty());
}

TEST_F(RecoverySessions, AWriteInsideATransactionIsRefusedNotDeadlocked) {
  const auto outcome = store_->transact([&](unit_of_work&) -> status {
    EXPECT_THROW(sessions().save_recovery_session(make("pid-a", 1)), std::logic_error);
    EXPECT_THROW((void)sessions().save_recovery_sessions({make("pid-a", 1)}), std::logic_error);
    EXPECT_THROW((void)sessions().expire_recovery_sessions(at_ms(kDay0)), std::logic_error);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
  // Reads do not take the writer: allowed anywhere.
  const auto read_outcome = store_->transact([&](unit_of_work&) -> status {
    EXPECT_FALSE(sessions().find_recovery_session("pid-a").has_value());
    return ok_v;
  });
  EXPECT_TRUE(read_outcome.ok());
}

TEST_F(RecoverySessions, ConcurrentSavesEndWithTheHighestVersion) {
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
        auto s = make("shared", version, version % 2 == 0 ? std::optional<int64_t>{kDay0}
                                                           : std::nullopt);
        s.rooms = {"r1:v" + std::to_string(version)};
        try {
          sessions().save_recovery_session(s);
          const auto seen = sessions().find_recovery_session("shared");
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

  const auto found = sessions().find_recovery_session("shared");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->version, kLast);
  EXPECT_EQ(found->sid, "sid-shared-" + std::to_string(kLast));
  EXPECT_EQ(found->rooms, std::vector<std::string>{"r1:v" + std::to_string(kLast)});
  EXPECT_EQ(found->disconnected_at.has_value(), kLast % 2 == 0);
}

}  // namespace
}  // namespace brigade::store::sqlite
