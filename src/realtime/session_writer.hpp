#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "kitchen/recovery_sessions.hpp"

namespace brigade::realtime {

/// Group commit for recovery-session saves. Every connect, join, leave and
/// disconnect saves a session; one commit (one disk flush) each would cap a
/// server at the disk's flushes per second and, under a churn of screens,
/// leave every worker thread queued behind the writer while orders and
/// snapshots wait. Saves requested while a batch is written wait and go
/// together in the next one: one flush for many screens, and at most one
/// worker thread at a time busy with sessions.
/// Thread-safety: save() from any thread; batches run on `blocking`.
/// `store` must outlive the writer and every batch it has posted.
class session_writer {
 public:
  using executor = std::function<void(std::function<void()>)>;
  /// Runs on a worker thread once the save is durable, or has failed
  /// (failures are logged): a join answers only after its session is saved.
  using saved_fn = std::function<void()>;

  /// Most saves in one transaction, so an order's commit never waits
  /// behind a huge batch; the rest go in the next one.
  static constexpr size_t kMaxBatch = 512;

  session_writer(kitchen::recovery_session_store& store, executor blocking)
      : store_(store), blocking_(std::move(blocking)) {}

  /// Queues `record` for the next batch; `then` (optional) runs after it.
  void save(kitchen::recovery_session record, saved_fn then = {});

 private:
  struct pending_save {
    kitchen::recovery_session record;
    saved_fn then;
  };

  /// On a worker: writes up to kMaxBatch queued saves in one commit, then
  /// posts itself again if more are queued (behind other waiting work).
  void write_batch();
  /// Posts write_batch; when the pool refuses (shutdown) the queued saves
  /// are dropped and their continuations run here.
  void schedule();
  void run_later(saved_fn work);

  kitchen::recovery_session_store& store_;
  executor blocking_;
  std::mutex mutex_;
  std::vector<pending_save> pending_;
  bool scheduled_ = false;  // a write_batch is posted or running
};

/// The saves of `batch` that matter: the newest version per pid (an older
/// one would be a no-op in the store anyway), in the order they came. Pure.
std::vector<kitchen::recovery_session> newest_per_session(std::vector<kitchen::recovery_session> batch);

}  // namespace brigade::realtime
