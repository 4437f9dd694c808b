#include "store/sqlite/migrations.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/open_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using brigade::store::testing::temp_dir;

int64_t count(sqlite_connection& db, const std::string& sql) {
  return db.query_int(sql, "test");
}

bool has_table(sqlite_connection& db, const std::string& name) {
  auto s =
      db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", "test");
  s.bind_text(1, name);
  return s.step() && s.column_int(0) == 1;
}

TEST(migrations, are_in_strictly_increasing_version_order) {
  const auto list = migrations();
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list.front().version, 1);
  for (size_t i = 1; i < list.size(); ++i) EXPECT_GT(list[i].version, list[i - 1].version);
  EXPECT_EQ(latest_schema_version(), list.back().version);
}

TEST(migrations, apply_to_a_new_file_and_record_the_version) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  EXPECT_EQ(migrate(db), static_cast<int>(migrations().size()));
  EXPECT_EQ(schema_version(db), latest_schema_version());
  // Visible to any SQLite tool, not only to Brigade.
  EXPECT_EQ(db.query_int("PRAGMA user_version", "test"), latest_schema_version());
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(migrations().size()));
  EXPECT_EQ(db.query_text("SELECT name FROM schema_migrations WHERE version = 1", "test"),
            "initial schema");
  EXPECT_GT(count(db, "SELECT applied_at FROM schema_migrations WHERE version = 1"), 0);
  for (const char* table :
       {"restaurants", "tables", "stations", "staff", "menu_items", "orders", "order_items",
        "kitchen_orders", "cancel_requests", "order_counters", "idempotency_keys", "outbox",
        "devices", "recovery_sessions"}) {
    EXPECT_TRUE(has_table(db, table)) << table;
  }
}

TEST(migrations, are_not_applied_again_when_the_store_reopens) {
  temp_dir dir;
  const auto path = dir.file("a.db");
  int64_t applied_at = 0;
  {
    sqlite_store store{path};
    EXPECT_EQ(store.schema_version(), latest_schema_version());
  }
  {
    sqlite_connection db{path, connection_role::writer};
    applied_at = count(db, "SELECT applied_at FROM schema_migrations WHERE version = 1");
    EXPECT_EQ(migrate(db), 0);
  }
  sqlite_store reopened{path};
  EXPECT_EQ(reopened.schema_version(), latest_schema_version());
  sqlite_connection db{path, connection_role::reader};
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(migrations().size()));
  EXPECT_EQ(count(db, "SELECT applied_at FROM schema_migrations WHERE version = 1"), applied_at);
}

TEST(migrations, refuse_a_database_newer_than_the_binary) {
  temp_dir dir;
  const auto path = dir.file("a.db");
  { sqlite_store store{path}; }
  {
    sqlite_connection db{path, connection_role::writer};
    db.exec(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', "
        "0);"
        "PRAGMA user_version = 999",
        "test");
  }
  try {
    sqlite_store store{path};
    FAIL() << "expected store_failure";
  } catch (const kitchen::store_failure& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("999"), std::string::npos) << what;
    EXPECT_NE(what.find("newer"), std::string::npos) << what;
  }
  EXPECT_THROW(open_sqlite_store(path), kitchen::store_failure);
}

TEST(migrations, refuse_a_newer_user_version_even_without_a_ledger_row) {
  temp_dir dir;
  const auto path = dir.file("a.db");
  { sqlite_store store{path}; }
  {
    sqlite_connection db{path, connection_role::writer};
    db.exec(fmt::format("PRAGMA user_version = {}", latest_schema_version() + 1), "test");
  }
  EXPECT_THROW(sqlite_store{path}, kitchen::store_failure);
}

TEST(migrations, apply_every_missing_step_in_order) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  const std::vector<migration> first{{1, "one", "CREATE TABLE one (x INTEGER)"}};
  const std::vector<migration> all{{1, "one", "CREATE TABLE one (x INTEGER)"},
                                   {2, "two", "CREATE TABLE two (x INTEGER REFERENCES one (x))"},
                                   {5, "five", "ALTER TABLE two ADD COLUMN y TEXT"}};
  EXPECT_EQ(migrate(db, first), 1);
  EXPECT_EQ(migrate(db, all), 2);
  EXPECT_EQ(schema_version(db), 5);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM schema_migrations"), 3);
  EXPECT_EQ(db.query_text("SELECT group_concat(name, ',') FROM schema_migrations ORDER BY version",
                          "test"),
            "one,two,five");
  EXPECT_EQ(migrate(db, all), 0);
  // And the first list, older than the file now, refuses it.
  EXPECT_THROW(migrate(db, first), kitchen::store_failure);
}

TEST(migrations, a_failing_step_leaves_the_previous_version_whole) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  const std::vector<migration> list{
      {1, "one", "CREATE TABLE one (x INTEGER)"},
      {2, "broken", "CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1)"},
  };
  try {
    migrate(db, list);
    FAIL() << "expected store_failure";
  } catch (const kitchen::store_failure& e) {
    EXPECT_NE(std::string{e.what()}.find("migration 2 (broken)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema_version(db), 1);
  EXPECT_TRUE(has_table(db, "one"));
  EXPECT_FALSE(has_table(db, "half"));
  EXPECT_FALSE(db.in_transaction());
}

TEST(migrations, refuse_an_unordered_list) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  const std::vector<migration> list{{2, "two", "SELECT 1"}, {1, "one", "SELECT 1"}};
  EXPECT_THROW(migrate(db, list), std::logic_error);
}

// Migration 5 on a database of schema 4 (before set-up existed): existing
// restaurants get a time zone that keeps their day boundary and EUR, staff
// keep their passwords with no forced change, and the store reads them.
TEST(migrations, give_an_old_database_time_zones_currencies_and_no_forced_change) {
  temp_dir dir;
  const auto path = dir.file("old.db");
  {
    sqlite_connection db{path, connection_role::writer};
    const auto all = migrations();
    ASSERT_GE(all.size(), 5u);
    ASSERT_EQ(all[4].version, 5);
    migrate(db, all.first(4));
    ASSERT_EQ(schema_version(db), 4);
    db.exec("INSERT INTO restaurants (id, name) VALUES (1, 'bistro');"
            "INSERT INTO restaurants (id, name, utc_offset_minutes) VALUES (2, 'diner', -300);"
            "INSERT INTO restaurants (id, name, utc_offset_minutes) VALUES (3, 'odd', 330);"
            "INSERT INTO staff (restaurant_id, name, username, role, password_hash)"
            " VALUES (1, 'Mia', 'manager1', 'manager', 'hash')",
            "test");
  }
  auto store = open_sqlite_store(path);
  store->read([](kitchen::kitchen_reader& r) {
    const auto places = r.restaurants();
    ASSERT_EQ(places.size(), 3u);
    EXPECT_EQ(places[0].timezone, "UTC");
    EXPECT_EQ(places[0].currency, "EUR");
    EXPECT_EQ(places[1].timezone, "Etc/GMT+5");  // UTC-5, POSIX signs
    EXPECT_EQ(places[2].timezone, "UTC");        // no Etc zone for +05:30
    const auto manager = r.find_staff_by_username("manager1");
    ASSERT_TRUE(manager.has_value());
    EXPECT_FALSE(manager->must_change_password);
    EXPECT_EQ(manager->password_hash, "hash");
    EXPECT_EQ(r.staff_count(1), 1);
    EXPECT_EQ(r.staff_count(2), 0);
  });
}

TEST(migrations, fence_the_currency_and_the_forced_change_flag) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  migrate(db);
  EXPECT_THROW(db.exec("INSERT INTO restaurants (name, currency) VALUES ('x', 'eur')", "test"),
               kitchen::store_failure);
  db.exec("INSERT INTO restaurants (id, name) VALUES (1, 'x')", "test");
  EXPECT_THROW(db.exec("INSERT INTO staff (restaurant_id, name, username, role, must_change_password)"
                       " VALUES (1, 'a', 'a', 'waiter', 2)",
                       "test"),
               kitchen::store_failure);
}

TEST(open_sqlite_store, creates_missing_directories_and_the_file) {
  temp_dir dir;
  const auto path = dir.file("data/nested/brigade.db");
  auto store = open_sqlite_store(path);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(path));
  const auto outcome = store->transact([](kitchen::unit_of_work& unit) -> status {
    kitchen::restaurant r;
    r.name = "x";
    unit.save_restaurant(r);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
}

}  // namespace
}  // namespace brigade::store::sqlite
