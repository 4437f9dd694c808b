#include "store/sqlite/wal_checkpointer.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace brigade::store::sqlite {
namespace {

using brigade::store::testing::temp_dir;
using namespace std::chrono_literals;

// One committed row of about a page, so that each commit adds a WAL frame or two.
void commit_a_page(sqlite_connection& db) {
  db.exec("INSERT INTO filler(body) VALUES (randomblob(3000))", "test insert");
}

// Waits (bounded) for `condition`, checked between short pauses: the
// checkpoint runs on another thread and reports nothing else.
template <typename F>
bool checkpointed_eventually(F condition) {
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override { writer_.exec("CREATE TABLE filler(id INTEGER PRIMARY KEY, body BLOB)", "test schema"); }
  uintmax_t wal_bytes() const { return std::filesystem::file_size(dir_.file("b.db") + "-wal"); }

  temp_dir dir_;
  sqlite_connection writer_{dir_.file("b.db"), connection_role::writer};
};

TEST_F(WalCheckpointerTest, TheThreadCheckpointsOnceTheWalPassesTheThreshold) {
  wal_checkpointer checkpointer(writer_, 20);
  // About 75 frames: past the threshold, far from the writer's own fallback (160).
  for (int i = 0; i < 25; ++i) commit_a_page(writer_);
  ASSERT_TRUE(checkpointed_eventually([&] { return checkpointer.background_checkpoints() > 0; }));
  EXPECT_EQ(checkpointer.writer_checkpoints(), 0u) << "the writer never had to checkpoint itself";
  // Every row is in the database whichever file holds it.
  EXPECT_EQ(writer_.query_int("SELECT count(*) FROM filler", "test count"), 25);
}

TEST_F(WalCheckpointerTest, TheWalStaysBoundedWhateverTheThreadManages) {
  wal_checkpointer checkpointer(writer_, 20);
  for (int i = 0; i < 400; ++i) commit_a_page(writer_);
  // Unchecked, 400 commits would take about 1 200 frames. The writer steps in
  // at 160 (its checkpoint may lose a race with the thread's and wait for a
  // later commit), so the file never grows much past that.
  EXPECT_LT(wal_bytes(), uintmax_t{400} * (4096 + 24));
  EXPECT_EQ(writer_.query_int("SELECT count(*) FROM filler", "test count"), 400);
}

TEST_F(WalCheckpointerTest, CommitsBelowTheThresholdCheckpointNothing) {
  wal_checkpointer checkpointer(writer_, 1000);
  for (int i = 0; i < 20; ++i) commit_a_page(writer_);
  EXPECT_EQ(checkpointer.background_checkpoints(), 0u);
  EXPECT_EQ(checkpointer.writer_checkpoints(), 0u);
}

TEST_F(WalCheckpointerTest, TheWriterCheckpointsItselfWhenTheWalRunsFarAhead) {
  wal_checkpointer checkpointer(writer_, 4);
  // A reader's open snapshot keeps the WAL from starting over, so it grows
  // past 8 × the threshold whatever the thread does.
  sqlite_connection reader{dir_.file("b.db"), connection_role::reader};
  reader.exec("BEGIN", "test read");
  EXPECT_EQ(reader.query_int("SELECT count(*) FROM filler", "test count"), 0);
  for (int i = 0; i < 80; ++i) commit_a_page(writer_);
  EXPECT_GT(checkpointer.writer_checkpoints(), 0u);
  reader.exec("COMMIT", "test read end");
}

TEST_F(WalCheckpointerTest, GoneItGivesTheWriterBackSqlitesAutomaticCheckpoint) {
  { wal_checkpointer checkpointer(writer_, 20); }
  // SQLite's own hook checkpoints at 1000 pages: the WAL stops growing
  // well before 1500 pages' worth of commits have gone into it.
  for (int i = 0; i < 1500; ++i) commit_a_page(writer_);
  EXPECT_LT(wal_bytes(), uintmax_t{1400} * 4096);
}

}  // namespace
}  // namespace brigade::store::sqlite
