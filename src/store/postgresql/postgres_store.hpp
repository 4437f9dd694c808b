#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/fair_mutex.hpp"
#include "kitchen/outbox_feed.hpp"
#include "kitchen/ports.hpp"
#include "kitchen/recovery_sessions.hpp"

namespace pqxx {
class dbtransaction;
class transaction_base;
}  // namespace pqxx

namespace brigade::store::postgresql {

class connection_pool;

/// The kitchen's durable store on a PostgreSQL database, shared by any
/// number of Brigade processes (nodes).
///
/// Each `transact` is one READ COMMITTED transaction on a pooled connection;
/// what must not race between nodes is serialised by the database itself:
/// the outbox's sequence by the restaurant row that `append_events` raises
/// (UPDATE … RETURNING: the row lock is held to the commit), order numbers
/// by their counter row (INSERT … ON CONFLICT DO UPDATE … RETURNING), and an
/// idempotency key by a transaction-scoped advisory lock on it, taken
/// before it is looked up. Each `read` is one REPEATABLE READ READ ONLY
/// transaction: one snapshot of the last commits.
///
/// Announcements: COMMITs run side by side (PostgreSQL shares WAL flushes
/// among them); the `after_commit`s then run one at a time, under one
/// mutex, but not necessarily in commit order: two transactions of one
/// restaurant, ordered by its row lock, may announce in either order.
/// kitchen::announcement_sequencer, which the server puts between the store
/// and the screens, restores sequence order per restaurant (it reads what
/// came before from the store), as it does for the other nodes' commits.
///
/// Durability: PostgreSQL answers COMMIT once the WAL is flushed
/// (synchronous_commit on, its default), so a `transact` that returned
/// survives `kill -9` of this process and of the server.
///
/// It also keeps the Socket.IO recovery sessions
/// (kitchen::recovery_session_store, in postgres_recovery_sessions.cpp): each
/// write is one transaction (a batch of saves, one transaction with a
/// savepoint per session), durable when it returns.
///
/// Thread-safety: every member may be called from any number of threads at
/// once. Calling `transact` or a recovery-session write from inside a
/// transaction of the same store (its work or `after_commit`) throws
/// std::logic_error, as sqlite_store does. Destroy only when no call is
/// running.
class postgres_store final : public kitchen::kitchen_store, public kitchen::recovery_session_store {
 public:
  /// Connections kept open while idle, by default.
  static constexpr size_t kDefaultIdleConnections = 8;

  /// Connects to `url` (a libpq URI, postgresql://user:pass@host:port/db,
  /// or key=value string) and applies pending migrations. Throws
  /// kitchen::store_failure when the database cannot be reached or its
  /// schema is newer than this binary.
  explicit postgres_store(std::string url, size_t idle_connections = kDefaultIdleConnections);
  ~postgres_store() override;

  void read(const std::function<void(kitchen::kitchen_reader&)>& work) override;
  /// See kitchen_store::transact. An exception from `after_commit`
  /// propagates to the caller; the commit stands.
  status transact(const std::function<status(kitchen::unit_of_work&)>& work,
                  const std::function<void()>& after_commit = {}) override;

  // kitchen::recovery_session_store: the same errors as sqlite_store's
  // (std::invalid_argument for a version above INT64_MAX or room names that
  // are not UTF-8, kitchen::store_failure for an unknown restaurant or an
  // I/O error).
  void save_recovery_session(const kitchen::recovery_session& session) override;
  std::vector<std::string> save_recovery_sessions(const std::vector<kitchen::recovery_session>& sessions) override;
  std::optional<kitchen::recovery_session> find_recovery_session(std::string_view pid) override;
  void delete_recovery_session(std::string_view pid) override;
  size_t disconnect_open_recovery_sessions(timestamp at) override;
  size_t expire_recovery_sessions(timestamp before) override;

  /// The schema version the database was at once open (after migrating).
  int schema_version() const { return schema_version_; }

  /// Transactions committed so far (each is its own commit). Stale as soon
  /// as it returns.
  uint64_t commits() const { return commits_.load(); }

  /// This store's name among the nodes: random, per process.
  const std::string& node() const noexcept { return node_; }
  /// The other nodes' commits as they happen (outbox_listener), on a
  /// connection of its own; not started.
  std::unique_ptr<kitchen::outbox_feed> other_nodes_commits() const;

 private:
  /// Throws std::logic_error when this thread is inside a transaction of
  /// this store (its work or its announcement).
  void refuse_nested_write() const;
  /// Runs `work` in one transaction of its own on a pooled connection and
  /// commits it (recovery-session writes). Refuses a nested call.
  void write_sessions(std::string_view purpose, const std::function<void(pqxx::dbtransaction&)>& work);
  /// Runs `work` in a read-only transaction on a pooled connection.
  void read_sessions(const std::function<void(pqxx::transaction_base&)>& work);

  std::string node_;
  std::unique_ptr<connection_pool> pool_;
  // How many pooled connections may turn out broken in a row (all of them).
  size_t idle_connections_;
  int schema_version_ = 0;
  // Held across each after_commit, taken in arrival order.
  fair_mutex announce_mutex_;
  std::atomic<uint64_t> commits_{0};
};

}  // namespace brigade::store::postgresql
