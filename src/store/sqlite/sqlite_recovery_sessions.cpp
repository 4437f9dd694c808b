// sqlite_store's kitchen::recovery_session_store half: the SQL of the
// recovery_sessions table (migration 4). Each write is one autocommit
// statement on the writer connection (a batch of saves, one transaction),
// so it is atomic and, with synchronous=FULL, on disk when it returns; each
// lookup is one statement on a pooled reader.
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/recovery_session_values.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/sqlite_values.hpp"

namespace brigade::store::sqlite {
namespace {

using kitchen::recovery_session;

// Newer versions only: `WHERE` on the DO UPDATE makes an older or equal
// save a no-op, in the same statement that would otherwise replace the row,
// so saves racing from several threads cannot reorder.
constexpr std::string_view kSave =
    "INSERT INTO recovery_sessions"
    " (pid, restaurant_id, identity, sid, nsp, rooms, version, disconnected_at, updated_at, since_sequence)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT (pid) DO UPDATE SET"
    " restaurant_id = excluded.restaurant_id, identity = excluded.identity, sid = excluded.sid,"
    " nsp = excluded.nsp, rooms = excluded.rooms, version = excluded.version,"
    " disconnected_at = excluded.disconnected_at, updated_at = excluded.updated_at,"
    " since_sequence = excluded.since_sequence"
    " WHERE excluded.version > recovery_sessions.version";

constexpr std::string_view kFind =
    "SELECT restaurant_id, identity, sid, nsp, rooms, version, disconnected_at, since_sequence"
    " FROM recovery_sessions WHERE pid = ?1";

constexpr std::string_view kDelete = "DELETE FROM recovery_sessions WHERE pid = ?1";

constexpr std::string_view kDisconnectOpen =
    "UPDATE recovery_sessions SET disconnected_at = ?1, updated_at = ?2"
    " WHERE disconnected_at IS NULL";

constexpr std::string_view kExpire = "DELETE FROM recovery_sessions WHERE disconnected_at < ?1";

// One upsert (kSave) on the writer connection, inside or outside a
// transaction.
void save_one(sqlite_connection& db, const recovery_session& session, timestamp updated_at) {
  auto s = db.prepare(kSave, "saving a recovery session");
  bind_recovery_session(s, session, updated_at);
  s.run();
}

}  // namespace

void sqlite_store::save_recovery_session(const recovery_session& session) {
  const auto updated_at = now_utc();
  with_writer([&](sqlite_connection& db) { save_one(db, session, updated_at); });
}

std::vector<std::string> sqlite_store::save_recovery_sessions(const std::vector<recovery_session>& sessions) {
  std::vector<std::string> skipped;
  if (sessions.empty()) return skipped;
  const auto updated_at = now_utc();
  with_writer([&](sqlite_connection& db) {
    db.exec("BEGIN IMMEDIATE", "starting a batch of session saves");
    try {
      for (const auto& session : sessions) {
        // A failed statement undoes only itself; the batch goes on.
        try {
          save_one(db, session, updated_at);
        } catch (const std::exception& e) {
          skipped.push_back(fmt::format("{}: {}", session.pid, e.what()));
        }
      }
      // synchronous=FULL: when COMMIT returns, the whole batch is on disk.
      db.exec("COMMIT", "committing a batch of session saves");
    } catch (...) {
      rollback_quietly(db);
      throw;
    }
  });
  return skipped;
}

std::optional<recovery_session> sqlite_store::find_recovery_session(std::string_view pid) {
  std::optional<recovery_session> found;
  with_reader([&](sqlite_connection& db) {
    auto s = db.prepare(kFind, "finding a recovery session");
    s.bind_text(1, pid);
    if (!s.step()) return;
    found = read_recovery_session(s, pid);
  });
  return found;
}

void sqlite_store::delete_recovery_session(std::string_view pid) {
  with_writer([&](sqlite_connection& db) {
    db.prepare(kDelete, "deleting a recovery session").bind_text(1, pid).run();
  });
}

size_t sqlite_store::disconnect_open_recovery_sessions(timestamp at) {
  const auto updated_at = now_utc();
  size_t marked = 0;
  with_writer([&](sqlite_connection& db) {
    auto s = db.prepare(kDisconnectOpen, "marking open recovery sessions disconnected");
    bind_time(s, 1, at);
    bind_time(s, 2, updated_at);
    s.run();
    marked = static_cast<size_t>(db.changes());
  });
  return marked;
}

size_t sqlite_store::expire_recovery_sessions(timestamp before) {
  size_t deleted = 0;
  with_writer([&](sqlite_connection& db) {
    auto s = db.prepare(kExpire, "expiring recovery sessions");
    bind_time(s, 1, before);
    s.run();
    deleted = static_cast<size_t>(db.changes());
  });
  return deleted;
}

}  // namespace brigade::store::sqlite
