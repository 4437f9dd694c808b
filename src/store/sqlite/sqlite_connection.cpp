#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "kitchen/ports.hpp"

namespace brigade::store::sqlite {
namespace {

// Why each PRAGMA, in order:
// - busy_timeout first: another process (a backup, the sqlite3 shell) or
//   this one's writer and checkpointer briefly holding a lock makes us wait
//   up to 5 s rather than fail the request. `synchronous` reads the schema,
//   so set after it, it failed at once with "database is locked" when a
//   reader was opened at the wrong moment under load.
// - foreign_keys: SQLite leaves them off unless asked, per connection.
// - synchronous=FULL: in WAL mode NORMAL may lose the last commits on power
//   loss; an order the API acknowledged must not.
// - temp_store=MEMORY: keeps statement and savepoint journals in memory.
//   Every command of a group commit runs in its own savepoint, and on files
//   those journals cost a write() per page first touched in it.
constexpr std::string_view kCommonPragmas =
    "PRAGMA busy_timeout = 5000;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA synchronous = FULL;"
    "PRAGMA temp_store = MEMORY;";

}  // namespace

sqlite_connection::sqlite_connection(const std::string& path, connection_role role)
    : path_(path), role_(role) {
  // NOMUTEX: the store already guarantees one thread per connection, so
  // SQLite's own per-connection mutex would only cost time.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw kitchen::store_failure(fmt::format("opening database {}: {}", path, message));
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    exec(kCommonPragmas, "configuring the connection");
    // WAL is a property of the file; asking again is a no-op once set, and
    // the answer proves the file system supports it.
    const auto mode = query_text("PRAGMA journal_mode = WAL", "enabling write-ahead logging");
    if (mode != "wal") {
      throw kitchen::store_failure(
          fmt::format("opening database {}: journal_mode is '{}', write-ahead logging is required",
                      path, mode));
    }
    if (role == connection_role::reader)
      exec("PRAGMA query_only = ON", "making the connection read-only");
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

sqlite_connection::~sqlite_connection() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.statement);
  // An open transaction here means a bug or an exception on the way out;
  // closing rolls it back, which is what we want.
  sqlite3_close_v2(db_);
}

void sqlite_connection::fail(int rc, std::string_view purpose) const {
  const char* message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw kitchen::store_failure(fmt::format("{}: {} (sqlite error {})", purpose, message, rc));
}

void sqlite_connection::on_wal_commit(std::function<void(int pages)> hook) {
  wal_hook_ = std::move(hook);
  if (!wal_hook_) {
    sqlite3_wal_autocheckpoint(db_, 1000);  // SQLite's default
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<sqlite_connection*>(self)->wal_hook_(pages);
        return SQLITE_OK;
      },
      this);
}

void sqlite_connection::checkpoint_passive() {
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "checkpointing the write-ahead log");
}

namespace {

// Statements exec() runs that change no row (ROLLBACK does: it undoes some).
bool only_transaction_control(std::string_view sql) {
  for (std::string_view verb : {"BEGIN", "SAVEPOINT ", "RELEASE ", "COMMIT"}) {
    if (sql.starts_with(verb) && sql.find(';') == std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

void sqlite_connection::on_writes_to(std::vector<std::string> tables, std::function<void()> hook) {
  watched_tables_ = std::move(tables);
  watched_write_hook_ = std::move(hook);
  // Statements compiled before now were not looked at: compile them again.
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.statement);
  cache_.clear();
  sqlite3_set_authorizer(db_, watched_write_hook_ ? &sqlite_connection::authorize : nullptr, this);
}

int sqlite_connection::authorize(void* self, int action, const char* table, const char*, const char*, const char*) {
  if ((action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE) && table != nullptr) {
    auto& connection = *static_cast<sqlite_connection*>(self);
    for (const std::string& watched : connection.watched_tables_) {
      if (watched == table) connection.compiled_writes_watched_ = true;
    }
  }
  return SQLITE_OK;
}

int64_t sqlite_connection::data_version() { return query_int("PRAGMA data_version", "reading the data version"); }

void sqlite_connection::exec(std::string_view sql, std::string_view purpose) {
  if (!only_transaction_control(sql)) before_watched_write();
  char* message = nullptr;
  const std::string text{sql};
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw kitchen::store_failure(fmt::format("{}: {} (sqlite error {})", purpose, detail, rc));
  }
}

sqlite_statement sqlite_connection::prepare(std::string_view sql, std::string_view purpose) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    auto& entry = it->second;
    if (entry.writes_watched) before_watched_write();
    entry.in_use = true;
    return sqlite_statement{*this, entry.statement, &entry.in_use, purpose};
  }
  const bool inserted = it == cache_.end();
  sqlite3_stmt* statement = nullptr;
  compiled_writes_watched_ = false;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    inserted ? SQLITE_PREPARE_PERSISTENT : 0, &statement, nullptr);
  if (rc != SQLITE_OK) fail(rc, purpose);
  if (compiled_writes_watched_) before_watched_write();
  if (inserted) {
    auto& entry = cache_.emplace(std::string{sql}, cached_statement{}).first->second;
    entry.statement = statement;
    entry.writes_watched = compiled_writes_watched_;
    entry.in_use = true;
    // unordered_map nodes never move, so the flag's address stays valid.
    return sqlite_statement{*this, statement, &entry.in_use, purpose};
  }
  return sqlite_statement{*this, statement, nullptr, purpose};
}

std::string sqlite_connection::query_text(std::string_view sql, std::string_view purpose) {
  auto statement = prepare(sql, purpose);
  return statement.step() ? statement.column_text(0) : std::string{};
}

int64_t sqlite_connection::query_int(std::string_view sql, std::string_view purpose) {
  auto statement = prepare(sql, purpose);
  return statement.step() ? statement.column_int(0) : 0;
}

int64_t sqlite_connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int64_t sqlite_connection::changes() const {
  return sqlite3_changes64(db_);
}

int64_t sqlite_connection::total_changes() const {
  return sqlite3_total_changes64(db_);
}

bool sqlite_connection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

bool rollback_quietly(sqlite_connection& db) noexcept {
  try {
    if (db.in_transaction()) db.exec("ROLLBACK", "rolling back");
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace brigade::store::sqlite
