#include "store/sqlite/sqlite_connection.hpp"

#include <future>
#include <string>
#include <thread>

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/sqlite_unit_of_work.hpp"
#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using brigade::store::testing::temp_dir;

sqlite_connection& connection_of(kitchen::kitchen_reader& reader) {
  return dynamic_cast<sqlite_unit_of_work&>(reader).connection();
}

void expect_durable_pragmas(sqlite_connection& db) {
  EXPECT_EQ(db.query_text("PRAGMA journal_mode", "test"), "wal");
  EXPECT_EQ(db.query_int("PRAGMA foreign_keys", "test"), 1);
  EXPECT_EQ(db.query_int("PRAGMA synchronous", "test"), 2);  // FULL
  EXPECT_EQ(db.query_int("PRAGMA busy_timeout", "test"), 5000);
}

TEST(sqlite_connection, the_stores_writer_and_readers_run_with_the_durable_pragmas) {
  temp_dir dir;
  sqlite_store store{dir.file("brigade.db")};
  store.read([](kitchen::kitchen_reader& reader) {
    auto& db = connection_of(reader);
    expect_durable_pragmas(db);
    EXPECT_EQ(db.query_int("PRAGMA query_only", "test"), 1);
  });
  const auto outcome = store.transact([](kitchen::unit_of_work& unit) -> status {
    auto& db = connection_of(unit);
    expect_durable_pragmas(db);
    EXPECT_EQ(db.query_int("PRAGMA query_only", "test"), 0);
    return ok_v;
  });
  EXPECT_TRUE(outcome.ok());
}

// A connection opened while another holds the file's lock waits for it
// (busy_timeout is set before any PRAGMA that reads the schema) instead of
// failing at once with "database is locked".
TEST(sqlite_connection, opening_waits_for_a_lock_held_a_moment) {
  temp_dir dir;
  const std::string path = dir.file("brigade.db");
  { sqlite_connection create{path, connection_role::writer}; }
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
  // EXCLUSIVE locking mode keeps the lock its first write takes until the
  // connection closes, and shuts every other connection out meanwhile.
  ASSERT_EQ(sqlite3_exec(holder,
                         "PRAGMA locking_mode = EXCLUSIVE; BEGIN IMMEDIATE;"
                         " CREATE TABLE held(x); COMMIT;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::promise<void> opening;
  auto opened = opening.get_future();
  std::thread release([&] {
    opened.wait();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the lock held a moment
    sqlite3_close(holder);
  });
  opening.set_value();
  EXPECT_NO_THROW(sqlite_connection(path, connection_role::reader));
  release.join();
}

TEST(sqlite_connection, creates_the_file_in_wal_mode) {
  temp_dir dir;
  const auto path = dir.file("new.db");
  {
    sqlite_connection db{path, connection_role::writer};
    db.exec("CREATE TABLE t (x INTEGER)", "test");
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  // WAL is recorded in the file: a plain connection finds it already on.
  sqlite_connection again{path, connection_role::reader};
  EXPECT_EQ(again.query_text("PRAGMA journal_mode", "test"), "wal");
}

TEST(sqlite_connection, errors_name_the_purpose_and_sqlites_message) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  try {
    db.prepare("SELECT * FROM no_such_table", "reading the void");
    FAIL() << "expected store_failure";
  } catch (const kitchen::store_failure& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("reading the void"), std::string::npos) << what;
    EXPECT_NE(what.find("no such table"), std::string::npos) << what;
  }
  try {
    db.exec("CREATE TABLE t (x INTEGER NOT NULL)", "test");
    db.prepare("INSERT INTO t (x) VALUES (NULL)", "inserting nothing").run();
    FAIL() << "expected store_failure";
  } catch (const kitchen::store_failure& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("inserting nothing"), std::string::npos) << what;
    EXPECT_NE(what.find("NOT NULL"), std::string::npos) << what;
  }
}

TEST(sqlite_connection, refuses_a_file_it_cannot_create) {
  temp_dir dir;
  EXPECT_THROW(sqlite_connection(dir.file("missing/dir/a.db"), connection_role::writer),
               kitchen::store_failure);
}

TEST(sqlite_connection, enforces_foreign_keys) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  db.exec(
      "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES "
      "parent (id))",
      "test");
  EXPECT_THROW(db.prepare("INSERT INTO child (p) VALUES (42)", "test").run(),
               kitchen::store_failure);
}

TEST(sqlite_connection, a_reader_connection_refuses_writes) {
  temp_dir dir;
  const auto path = dir.file("a.db");
  sqlite_connection writer{path, connection_role::writer};
  writer.exec("CREATE TABLE t (x INTEGER)", "test");
  sqlite_connection reader{path, connection_role::reader};
  EXPECT_THROW(reader.exec("INSERT INTO t (x) VALUES (1)", "test"), kitchen::store_failure);
  EXPECT_EQ(writer.query_int("SELECT COUNT(*) FROM t", "test"), 0);
}

TEST(sqlite_connection, binds_and_reads_values) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  db.exec("CREATE TABLE t (i INTEGER, s TEXT, n INTEGER)", "test");
  const std::string with_nul{"a\0b", 3};
  db.prepare("INSERT INTO t VALUES (?, ?, ?)", "test")
      .bind_int(1, INT64_MIN)
      .bind_text(2, with_nul)
      .bind_optional_int(3, std::nullopt)
      .run();
  auto s = db.prepare("SELECT i, s, n FROM t", "test");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.column_int(0), INT64_MIN);
  EXPECT_EQ(s.column_text(1), with_nul);
  EXPECT_TRUE(s.column_is_null(2));
  EXPECT_EQ(s.column_optional_int(2), std::nullopt);
  EXPECT_EQ(s.column_optional_int(0), std::optional<int64_t>{INT64_MIN});
  EXPECT_FALSE(s.step());
}

TEST(sqlite_connection, reuses_a_cached_statement_and_forgets_its_bindings) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  db.exec("CREATE TABLE t (x INTEGER)", "test");
  for (int i = 0; i < 3; ++i)
    db.prepare("INSERT INTO t (x) VALUES (?)", "test").bind_int(1, i).run();
  // Bindings are cleared on release: an unbound parameter is NULL.
  db.prepare("INSERT INTO t (x) VALUES (?)", "test").run();
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM t", "test"), 4);
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM t WHERE x IS NULL", "test"), 1);
  EXPECT_EQ(db.query_int("SELECT SUM(x) FROM t", "test"), 3);
}

TEST(sqlite_connection, runs_the_same_sql_while_it_is_still_stepping) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)", "test");
  constexpr std::string_view kSql = "SELECT x FROM t WHERE x >= ? ORDER BY x";
  auto outer = db.prepare(kSql, "outer");
  outer.bind_int(1, 1);
  int64_t pairs = 0;
  while (outer.step()) {
    auto inner = db.prepare(kSql, "inner");
    inner.bind_int(1, outer.column_int(0));
    while (inner.step()) ++pairs;
  }
  EXPECT_EQ(pairs, 3 + 2 + 1);
  // And the cached one is free again afterwards.
  auto again = db.prepare(kSql, "again");
  again.bind_int(1, 3);
  ASSERT_TRUE(again.step());
  EXPECT_EQ(again.column_int(0), 3);
}

TEST(sqlite_connection, tracks_transactions_and_changes) {
  temp_dir dir;
  sqlite_connection db{dir.file("a.db"), connection_role::writer};
  db.exec("CREATE TABLE t (x INTEGER)", "test");
  EXPECT_FALSE(db.in_transaction());
  db.exec("BEGIN", "test");
  EXPECT_TRUE(db.in_transaction());
  db.exec("INSERT INTO t VALUES (1), (2)", "test");
  EXPECT_EQ(db.changes(), 2);
  EXPECT_EQ(db.last_insert_rowid(), 2);
  db.exec("ROLLBACK", "test");
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM t", "test"), 0);
}

}  // namespace
}  // namespace brigade::store::sqlite
