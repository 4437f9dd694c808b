#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include <pqxx/connection>
#include <pqxx/except>

#include "store/postgresql/connection_pool.hpp"
#include "store/postgresql/pg_statement.hpp"

namespace brigade::store::postgresql {

class postgres_store;

// Helpers shared by postgres_store.cpp and postgres_recovery_sessions.cpp.
// Thread-safety: each object belongs to the thread that made it.

/// Marks this thread as inside a transaction of `store` for its lifetime
/// (postgres_store refuses a nested write instead of deadlocking).
class inside_transaction {
 public:
  explicit inside_transaction(const postgres_store* store);
  ~inside_transaction();
  inside_transaction(const inside_transaction&) = delete;
  inside_transaction& operator=(const inside_transaction&) = delete;

 private:
  const postgres_store* previous_;
};

/// A connection checked out of the pool for one scope, given back at its
/// end unless `drop()` said it may be broken or in doubt. Throws
/// kitchen::store_failure when no connection can be opened.
class pooled_connection {
 public:
  explicit pooled_connection(connection_pool& pool);
  ~pooled_connection();
  pooled_connection(const pooled_connection&) = delete;
  pooled_connection& operator=(const pooled_connection&) = delete;

  pqxx::connection& get() { return *connection_; }
  void drop() { keep_ = false; }

 private:
  connection_pool& pool_;
  std::unique_ptr<pqxx::connection> connection_;
  bool keep_ = true;
};

/// A transaction of type Tx (pqxx::work, a read-only snapshot, …) begun on
/// a pooled connection; destroyed uncommitted, it rolls back, then the
/// connection goes back to the pool. A pooled connection that broke while
/// idle (the server restarted) fails at BEGIN: it is dropped and the next
/// one tried, so a restart costs no command an error. Any other failure
/// throws kitchen::store_failure naming `purpose`.
template <typename Tx>
class pooled_transaction {
 public:
  pooled_transaction(connection_pool& pool, size_t stale_allowed, std::string_view purpose) {
    for (size_t attempt = 0;; ++attempt) {
      db_.emplace(pool);
      try {
        tx_.emplace(db_->get());
        return;
      } catch (const pqxx::broken_connection&) {
        db_->drop();
        db_.reset();
        if (attempt >= stale_allowed) rethrow_as_store_failure(purpose);
      } catch (...) {
        db_->drop();
        rethrow_as_store_failure(purpose);
      }
    }
  }

  Tx& get() { return *tx_; }
  /// Commits; a failure (broken, or in doubt) drops the connection and
  /// throws kitchen::store_failure naming `purpose`.
  void commit(std::string_view purpose) {
    try {
      tx_->commit();
    } catch (...) {
      db_->drop();
      rethrow_as_store_failure(purpose);
    }
  }
  /// Rolls back now; a connection that cannot is not reused.
  void abort() {
    try {
      tx_->abort();
    } catch (...) {
      db_->drop();
    }
  }

 private:
  std::optional<pooled_connection> db_;  // destroyed after tx_
  std::optional<Tx> tx_;
};

}  // namespace brigade::store::postgresql
