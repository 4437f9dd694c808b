#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_connection.hpp"

namespace brigade::store::sqlite {

/// Checkpoints the write-ahead log on a thread of its own, so that a commit
/// never copies pages into the database file or waits for that file's
/// fsync. SQLite's automatic checkpoint runs inside the COMMIT that takes
/// the WAL past 1000 pages: under load, several times a second, on the one
/// writer every command waits for. Here the writer's commits only report the
/// WAL's size; past `threshold_pages` this thread runs a PASSIVE checkpoint
/// on its own connection, which never blocks the writer or the readers. If
/// the checkpoints fall far behind (the WAL at 8 × the threshold), the
/// writer checkpoints itself, as SQLite would, so the WAL stays bounded.
/// Thread-safety: built and destroyed by the owner of the writer connection,
/// which must outlive it; the hook runs on whichever thread commits.
class wal_checkpointer {
 public:
  wal_checkpointer(sqlite_connection& writer, int threshold_pages = 1000);
  /// Stops the thread and gives the writer back SQLite's automatic checkpoint.
  ~wal_checkpointer();
  wal_checkpointer(const wal_checkpointer&) = delete;
  wal_checkpointer& operator=(const wal_checkpointer&) = delete;

  /// Checkpoints run by the thread, and by the writer when far behind. For
  /// tests and diagnostics: stale as soon as it returns.
  uint64_t background_checkpoints() const noexcept { return background_.load(); }
  uint64_t writer_checkpoints() const noexcept { return inline_.load(); }

 private:
  void wal_grew(int pages);
  void run();

  sqlite_connection& writer_;
  const int threshold_;
  std::unique_ptr<sqlite_connection> own_;  // used only on the thread
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::atomic<uint64_t> background_{0};
  std::atomic<uint64_t> inline_{0};
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace brigade::store::sqlite
