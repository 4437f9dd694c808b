#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "common/fair_mutex.hpp"
#include "kitchen/ports.hpp"
#include "kitchen/recovery_sessions.hpp"
#include "store/sqlite/reference_cache.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/wal_checkpointer.hpp"

namespace brigade::store::sqlite {

/// The kitchen's durable store on one SQLite file (WAL mode).
///
/// Writes go through a single writer connection behind a mutex, with group
/// commit: each `transact` queues its work; the oldest waiting caller leads,
/// running every queued work in one SQLite transaction, each in its own
/// savepoint (an error status or an exception rolls back that work alone),
/// then one COMMIT, so one fsync makes the whole batch durable. The others
/// sleep until the leader wakes them, each once. Every caller returns only
/// after that commit. The `after_commit`s of a batch then run in commit
/// order, on the leader's thread, after the next leader may start its batch
/// but before the next batch's announcements (the leader takes the
/// announcement mutex before it hands over): events are announced in commit
/// order while the next batch already writes. The WAL is checkpointed on a
/// thread of its own (wal_checkpointer), never inside a commit. Reads use a small pool
/// of query_only connections, each `read` in its own read transaction (one
/// consistent snapshot of the last commit); in WAL mode they never wait for
/// the writer.
///
/// It also keeps the Socket.IO recovery sessions
/// (kitchen::recovery_session_store, in sqlite_recovery_sessions.cpp): each
/// write there is one autocommit statement (or, for a batch of saves, one
/// transaction) on the same writer connection under the same mutex, durable
/// when it returns; each lookup uses a pooled reader.
///
/// Thread-safety: every member may be called from any number of threads at
/// once; a queued work may run on another caller's thread. Calling
/// `transact` or a recovery-session write from inside a transaction of the
/// same store (its work or `after_commit`) throws std::logic_error (it would
/// deadlock). Destroy only when no call is running.
class sqlite_store final : public kitchen::kitchen_store, public kitchen::recovery_session_store {
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

  // kitchen::recovery_session_store. save_recovery_session throws
  // std::invalid_argument for a version above INT64_MAX or room names that
  // are not UTF-8, kitchen::store_failure for a restaurant that does not
  // exist (foreign key) or an I/O error.
  void save_recovery_session(const kitchen::recovery_session& session) override;
  std::vector<std::string> save_recovery_sessions(const std::vector<kitchen::recovery_session>& sessions) override;
  std::optional<kitchen::recovery_session> find_recovery_session(std::string_view pid) override;
  void delete_recovery_session(std::string_view pid) override;
  size_t disconnect_open_recovery_sessions(timestamp at) override;
  size_t expire_recovery_sessions(timestamp before) override;

  /// The schema version the file was at once open (after migrating).
  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }

  /// Commits so far and the transactions they made durable (their ratio is
  /// the mean batch of group commit). Stale as soon as it returns.
  struct commit_counts {
    uint64_t commits = 0;
    uint64_t transactions = 0;
  };
  commit_counts commits() const;
  /// Transactions queued and not yet taken into a batch. For tests and
  /// diagnostics: stale as soon as it returns.
  size_t queued_transactions() const;
  /// Dishes, stations and tables the writer served from its reference_cache
  /// instead of a query. For tests: stale as soon as it returns.
  uint64_t writer_copies_served() const noexcept { return writer_copies_.hits(); }

 private:
  struct queued_work;
  /// Takes the queued works (the oldest first, at most a batch). Under the
  /// queue mutex.
  std::vector<queued_work*> take_batch();
  /// Lets the oldest waiting work lead the next batch. Under the queue mutex.
  void hand_over_leadership(std::unique_lock<std::mutex>& queue_lock);
  /// Runs `batch` in one transaction and settles each work. Under the
  /// writer mutex.
  void run_batch(sqlite_connection& db, const std::vector<queued_work*>& batch);
  /// Runs the after_commit of each committed work of `batch`, in order.
  /// Under the announcement mutex.
  void announce(const std::vector<queued_work*>& batch);
  /// The caller's answer: its status, or its exception rethrown.
  static status settle(const queued_work& q);
  /// Throws std::logic_error when this thread is inside a transaction of
  /// this store (its work or its announcements).
  void refuse_nested_write() const;

  /// Runs `work` with the writer connection, under the writer mutex, outside
  /// any transaction (the caller begins one or lets each statement commit on
  /// its own). Throws std::logic_error when called from inside `work` of this
  /// store on the same thread.
  void with_writer(const std::function<void(sqlite_connection&)>& work);
  /// Runs `work` with a reader connection of the pool, outside any
  /// transaction; the connection goes back to the pool afterwards unless a
  /// transaction left open by a failure cannot be rolled back.
  void with_reader(const std::function<void(sqlite_connection&)>& work);
  std::unique_ptr<sqlite_connection> checkout_reader();
  void checkin_reader(std::unique_ptr<sqlite_connection> connection);

  std::string path_;
  int schema_version_ = 0;

  fair_mutex writer_mutex_;  // in arrival order: no command starves behind session batches
  // Before writer_, whose hook clears it. Used under writer_mutex_ only.
  reference_cache writer_copies_;
  std::unique_ptr<sqlite_connection> writer_;
  // After writer_: destroyed first. Checkpoints off the writer's commits.
  std::unique_ptr<wal_checkpointer> checkpointer_;
  // The thread inside `with_writer`, to refuse a nested call instead of
  // deadlocking on writer_mutex_.
  std::atomic<std::thread::id> writer_thread_{};
  // Taken before the writer is released, so batches announce in commit order.
  fair_mutex announce_mutex_;
  std::atomic<std::thread::id> announcing_thread_{};

  mutable std::mutex queue_mutex_;
  std::vector<queued_work*> queue_;  // works waiting for a batch, oldest first
  bool leading_ = false;             // under queue_mutex_: a batch is being run
  std::atomic<uint64_t> commit_count_{0};
  std::atomic<uint64_t> committed_transactions_{0};

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<sqlite_connection>> idle_readers_;
};

}  // namespace brigade::store::sqlite
