#pragma once

#include <memory>

#include <pqxx/connection>

#include "store/postgresql/connection_pool.hpp"

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

}  // namespace brigade::store::postgresql
