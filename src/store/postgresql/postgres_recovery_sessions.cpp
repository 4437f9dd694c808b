// postgres_store's kitchen::recovery_session_store half: the SQL of the
// recovery_sessions table, as sqlite_recovery_sessions.cpp has it. Each
// write is one transaction on a pooled connection (a batch of saves, one
// transaction with a savepoint per session), durable when it returns; each
// lookup is one statement.
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <pqxx/transaction>

#include "store/postgresql/pg_values.hpp"
#include "store/postgresql/postgres_store.hpp"
#include "store/postgresql/postgres_store_internal.hpp"
#include "store/recovery_session_values.hpp"

namespace brigade::store::postgresql {
namespace {

using kitchen::recovery_session;

// Newer versions only: `WHERE` on the DO UPDATE makes an older or equal
// save a no-op, in the same statement that would otherwise replace the row,
// so saves racing from several threads cannot reorder.
constexpr std::string_view kSave =
    "INSERT INTO recovery_sessions"
    " (pid, restaurant_id, identity, sid, nsp, rooms, version, disconnected_at, updated_at, since_sequence)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    " ON CONFLICT (pid) DO UPDATE SET"
    " restaurant_id = excluded.restaurant_id, identity = excluded.identity, sid = excluded.sid,"
    " nsp = excluded.nsp, rooms = excluded.rooms, version = excluded.version,"
    " disconnected_at = excluded.disconnected_at, updated_at = excluded.updated_at,"
    " since_sequence = excluded.since_sequence"
    " WHERE excluded.version > recovery_sessions.version";

constexpr std::string_view kFind =
    "SELECT restaurant_id, identity, sid, nsp, rooms, version, disconnected_at, since_sequence"
    " FROM recovery_sessions WHERE pid = $1";

constexpr std::string_view kDelete = "DELETE FROM recovery_sessions WHERE pid = $1";

constexpr std::string_view kDisconnectOpen =
    "UPDATE recovery_sessions SET disconnected_at = $1, updated_at = $2"
    " WHERE disconnected_at IS NULL";

constexpr std::string_view kExpire = "DELETE FROM recovery_sessions WHERE disconnected_at < $1";

// One upsert (kSave) inside `tx`.
void save_one(pqxx::transaction_base& tx, const recovery_session& session, timestamp updated_at) {
  pg_statement s{tx, std::string{kSave}, "saving a recovery session"};
  bind_recovery_session(s, session, updated_at);
  s.run();
}

}  // namespace

void postgres_store::write_sessions(std::string_view purpose, const std::function<void(pqxx::dbtransaction&)>& work) {
  refuse_nested_write();
  inside_transaction inside{this};
  pooled_transaction<pqxx::work> tx{*pool_, idle_connections_, purpose};
  work(tx.get());
  tx.commit(purpose);
}

void postgres_store::save_recovery_session(const recovery_session& session) {
  const auto updated_at = now_utc();
  write_sessions("saving a recovery session", [&](pqxx::dbtransaction& tx) { save_one(tx, session, updated_at); });
}

std::vector<std::string> postgres_store::save_recovery_sessions(const std::vector<recovery_session>& sessions) {
  std::vector<std::string> skipped;
  if (sessions.empty()) return skipped;
  const auto updated_at = now_utc();
  write_sessions("saving a batch of recovery sessions", [&](pqxx::dbtransaction& tx) {
    for (const auto& session : sessions) {
      // A failed statement would abort the whole transaction: each save has
      // its savepoint, so a failure undoes only itself and the batch goes on.
      exec(tx, "SAVEPOINT session", "saving a batch of recovery sessions");
      try {
        save_one(tx, session, updated_at);
        exec(tx, "RELEASE SAVEPOINT session", "saving a batch of recovery sessions");
      } catch (const std::exception& e) {  // store_failure or invalid_argument
        exec(tx, "ROLLBACK TO SAVEPOINT session", "saving a batch of recovery sessions");
        skipped.push_back(fmt::format("{}: {}", session.pid, e.what()));
      }
    }
  });
  return skipped;
}

std::optional<recovery_session> postgres_store::find_recovery_session(std::string_view pid) {
  std::optional<recovery_session> found;
  read_sessions([&](pqxx::transaction_base& tx) {
    pg_statement s{tx, std::string{kFind}, "finding a recovery session"};
    s.bind_text(1, pid);
    if (!s.step()) return;
    found = read_recovery_session(s, pid);
  });
  return found;
}

void postgres_store::delete_recovery_session(std::string_view pid) {
  write_sessions("deleting a recovery session", [&](pqxx::dbtransaction& tx) {
    pg_statement{tx, std::string{kDelete}, "deleting a recovery session"}.bind_text(1, pid).run();
  });
}

size_t postgres_store::disconnect_open_recovery_sessions(timestamp at) {
  const auto updated_at = now_utc();
  size_t marked = 0;
  write_sessions("marking open recovery sessions disconnected", [&](pqxx::dbtransaction& tx) {
    pg_statement s{tx, std::string{kDisconnectOpen}, "marking open recovery sessions disconnected"};
    bind_time(s, 1, at);
    bind_time(s, 2, updated_at);
    s.run();
    marked = static_cast<size_t>(s.changes());
  });
  return marked;
}

size_t postgres_store::expire_recovery_sessions(timestamp before) {
  size_t deleted = 0;
  write_sessions("expiring recovery sessions", [&](pqxx::dbtransaction& tx) {
    pg_statement s{tx, std::string{kExpire}, "expiring recovery sessions"};
    bind_time(s, 1, before);
    s.run();
    deleted = static_cast<size_t>(s.changes());
  });
  return deleted;
}

}  // namespace brigade::store::postgresql
