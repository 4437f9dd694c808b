#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/backup.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store_test_support.hpp"

namespace brigade::store {
namespace {

using sqlite::connection_role;
using sqlite::sqlite_connection;
using testing::temp_dir;

int64_t count(const std::string& path, const std::string& sql) {
  sqlite_connection db{path, connection_role::reader};
  return db.query_int(sql, "test");
}

// A live store on live.db with one seeded restaurant, and copy.db beside
// it to back up into.
class online_backup : public ::testing::Test {
 protected:
  temp_dir dir;
  const std::string source = dir.file("live.db");
  const std::string copy = dir.file("copy.db");
  sqlite::sqlite_store live{source};
  const testing::seeded_restaurant seeded = testing::seed_restaurant(live, "north");
};

std::string failure_of(const std::string& source, const std::string& destination) {
  try {
    copy_live_database(source, destination);
  } catch (const kitchen::store_failure& e) {
    return e.what();
  }
  return "no failure";
}

TEST_F(online_backup, copies_every_order_into_a_file_that_opens_as_a_store) {
  const auto saved = testing::save_new_order(live, testing::make_order(seeded, "A1", testing::kDay0));

  const backup_report report = copy_live_database(source, copy);
  EXPECT_EQ(report.schema_version, sqlite::latest_schema_version());
  EXPECT_GT(report.pages, 1);
  EXPECT_EQ(report.page_size * report.pages, static_cast<int64_t>(std::filesystem::file_size(copy)));
  // One file is the whole backup: nothing of SQLite's is left beside it.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) EXPECT_FALSE(std::filesystem::exists(copy + suffix));

  sqlite::sqlite_store restored{copy};
  EXPECT_EQ(restored.schema_version(), sqlite::latest_schema_version());
  std::optional<kitchen::order> found;
  restored.read([&](kitchen::kitchen_reader& r) { found = r.find_order(seeded.place.id, saved.id); });
  ASSERT_TRUE(found.has_value());
  testing::expect_same_order(*found, saved);
}

TEST_F(online_backup, is_the_database_as_it_was_when_the_copy_began_while_the_writer_goes_on) {

  // One page per step, and a commit by the server's writer after the first:
  // it goes through at once (WAL: the copy's snapshot does not block it), and
  // the copy neither restarts to take it in nor mixes it with older pages.
  int steps = 0;
  backup_steps one_page_at_a_time;
  one_page_at_a_time.pages_per_step = 1;
  one_page_at_a_time.after_step = [&](int remaining, int total) {
    EXPECT_LT(remaining, total);
    if (steps++ == 0) testing::save_new_order(live, testing::make_order(seeded, "A1", testing::kDay0));
  };
  const backup_report report = copy_live_database(source, copy, one_page_at_a_time);
  EXPECT_EQ(steps, report.pages - 1) << "every page after the first took one step, and no restart";

  EXPECT_EQ(count(source, "SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(count(copy, "SELECT COUNT(*) FROM orders"), 0);
  EXPECT_EQ(count(copy, "SELECT COUNT(*) FROM menu_items"), 2);
}

TEST_F(online_backup, leaves_the_screens_recovery_sessions_out_of_the_copy) {
  kitchen::recovery_session session;
  session.pid = "pid-of-a-kitchen-screen";
  session.restaurant = seeded.place.id;
  session.identity = "device:1:kitchen_display";
  session.sid = "sid-1";
  session.nsp = "/";
  session.rooms = {"r1:kitchen"};
  session.version = 3;
  live.save_recovery_session(session);

  copy_live_database(source, copy);
  EXPECT_TRUE(live.find_recovery_session(session.pid).has_value()) << "the live database keeps it";
  sqlite::sqlite_store restored{copy};
  EXPECT_FALSE(restored.find_recovery_session(session.pid).has_value());
}

TEST_F(online_backup, refuses_a_missing_source_without_creating_it) {
  const auto missing = dir.file("missing.db");
  const auto what = failure_of(missing, dir.file("copy.db"));
  EXPECT_NE(what.find("no database at " + missing), std::string::npos) << what;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST_F(online_backup, refuses_a_file_that_is_not_a_brigade_database) {
  const auto text = dir.file("notes.txt");
  std::ofstream(text) << "not a database, but long enough to have a header of one................\n";
  EXPECT_NE(failure_of(text, dir.file("a.db")).find("file is not a database"), std::string::npos);

  // An SQLite database in WAL mode, but not Brigade's.
  const auto other = dir.file("other.db");
  {
    sqlite_connection db{other, connection_role::writer};
    db.exec("CREATE TABLE t (x INTEGER)", "test");
  }
  const auto what = failure_of(other, dir.file("b.db"));
  EXPECT_NE(what.find("not a Brigade database"), std::string::npos) << what;
}

TEST_F(online_backup, says_why_the_copy_cannot_be_written) {
  const auto what = failure_of(source, dir.file("no-such-directory/copy.db"));
  EXPECT_NE(what.find("no-such-directory/copy.db"), std::string::npos) << what;
  EXPECT_NE(what.find("unable to open"), std::string::npos) << what;
}

}  // namespace
}  // namespace brigade::store
