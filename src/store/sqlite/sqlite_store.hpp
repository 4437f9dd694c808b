#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kitchen/ports.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace brigade::store::sqlite {

/// The kitchen's durable store on one SQLite file (WAL mode).
///
/// Writes go through a single writer connection behind a mutex: `transact`
/// runs BEGIN IMMEDIATE, the work, then COMMIT (or ROLLBACK on an error
/// status or an exception) and calls `after_commit` before releasing the
/// mutex, so events are announced in commit order. Reads use a small pool
/// of query_only connections, each `read` in its own read transaction (one
/// consistent snapshot of the last commit); in WAL mode they never wait for
/// the writer.
///
/// Thread-safety: `read` and `transact` may be called from any number of
/// threads at once. Calling `transact` from inside a transaction of the same
/// store throws std::logic_error (it would deadlock). Destroy only when no
/// call is running.
class sqlite_store final : public kitchen::kitchen_store {
 public:
  /// Opens (creating if missing) the database at `path` and applies any
  /// pending migrations. Throws kitchen::store_failure on I/O errors or a
  /// database newer than this binary. `path` must name a file: each
  /// connection of ":memory:" would be a separate database.
  explicit sqlite_store(std::string path);
  ~sqlite_store() override;

  void read(const std::function<void(kitchen::kitchen_reader&)>& work) override;
  /// See kitchen_store::transact. An exception from `after_commit`
  /// propagates to the caller; the commit stands.
  status transact(const std::function<status(kitchen::unit_of_work&)>& work,
                  const std::function<void()>& after_commit = {}) override;

  /// The schema version the file was at once open (after migrating).
  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }

 private:
  std::unique_ptr<sqlite_connection> checkout_reader();
  void checkin_reader(std::unique_ptr<sqlite_connection> connection);

  std::string path_;
  int schema_version_ = 0;

  std::mutex writer_mutex_;
  std::unique_ptr<sqlite_connection> writer_;
  // The thread inside `transact`, to refuse a nested call instead of
  // deadlocking on writer_mutex_.
  std::atomic<std::thread::id> writer_thread_{};

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<sqlite_connection>> idle_readers_;
};

}  // namespace brigade::store::sqlite
