#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sqlite/sqlite_statement.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace brigade::store::sqlite {

/// What a connection is for: readers are opened with `query_only`, so a
/// write slipped into a read fails loudly instead of racing the writer.
enum class connection_role { writer, reader };

/// One open SQLite database connection (Debian's libsqlite3), with the
/// PRAGMAs Brigade relies on applied at open: WAL (readers never block the
/// writer), foreign keys on, synchronous=FULL (a commit is on disk before it
/// is answered, so an acknowledged order survives power loss), and a 5 s
/// busy timeout (another process holding the write lock waits, not fails).
/// Prepared statements are cached per connection by their SQL text.
/// Every error throws `kitchen::store_failure` with SQLite's message.
/// Thread-safety: none; use from one thread at a time (the store hands each
/// connection to one thread under a mutex). Not copyable or movable.
class sqlite_connection {
 public:
  /// Opens (creating if missing) the database file at `path`.
  sqlite_connection(const std::string& path, connection_role role);
  ~sqlite_connection();
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;

  /// Runs one or more statements that return no rows (DDL, BEGIN, PRAGMA…).
  void exec(std::string_view sql, std::string_view purpose);
  /// A statement ready to bind and step; cached, so the SQL is compiled once
  /// per connection. `purpose` names it in error messages.
  sqlite_statement prepare(std::string_view sql, std::string_view purpose);
  /// The first column of the first row of `sql` as text ("" when no row):
  /// for PRAGMA queries and single values.
  std::string query_text(std::string_view sql, std::string_view purpose);
  int64_t query_int(std::string_view sql, std::string_view purpose);

  /// Calls `hook(pages)` on this connection's thread after each of its
  /// commits, with the WAL's size in pages, instead of SQLite's automatic
  /// checkpoint (which would copy pages into the database file inside the
  /// COMMIT that crosses 1000 pages). An empty hook restores the automatic one.
  void on_wal_commit(std::function<void(int pages)> hook);
  /// Calls `hook` just before this connection may change a row of one of
  /// `tables`: when it hands out a prepared statement that writes one (found
  /// by SQLite's authorizer as the statement is compiled), and on every
  /// exec() but BEGIN, SAVEPOINT, RELEASE and COMMIT, ROLLBACK included. So a
  /// copy of those rows can be dropped before it goes stale. Commits by other
  /// connections are not seen here: compare data_version(). Call it while no
  /// statement is in use: it drops the statements compiled so far, which
  /// were compiled without the check.
  void on_writes_to(std::vector<std::string> tables, std::function<void()> hook);
  /// SQLite's PRAGMA data_version: changes when another connection (of this
  /// process or another) commits.
  int64_t data_version();
  /// A PASSIVE checkpoint: copies into the database file what it can of the
  /// WAL without waiting for the writer or for readers, then syncs the file.
  void checkpoint_passive();

  int64_t last_insert_rowid() const;
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t changes() const;
  /// Rows changed by every INSERT, UPDATE and DELETE since the connection
  /// opened.
  int64_t total_changes() const;
  /// false in autocommit mode (no BEGIN pending).
  bool in_transaction() const;
  const std::string& path() const { return path_; }
  connection_role role() const { return role_; }

  /// Throws store_failure for SQLite result code `rc` with the connection's
  /// latest error message.
  [[noreturn]] void fail(int rc, std::string_view purpose) const;

 private:
  struct cached_statement {
    sqlite3_stmt* statement = nullptr;
    // A statement still stepping (a caller iterating rows that runs the same
    // SQL again) cannot be shared: the second use gets an uncached copy.
    bool in_use = false;
    bool writes_watched = false;  // writes one of on_writes_to's tables
  };
  // Looks statements up by their SQL without copying it into a string.
  struct sql_hash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
  };

  /// SQLite's authorizer while a statement compiles: notes a write to a
  /// watched table.
  static int authorize(void* self, int action, const char* table, const char*, const char*, const char*);
  void before_watched_write() const {
    if (watched_write_hook_) watched_write_hook_();
  }

  std::string path_;
  connection_role role_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, cached_statement, sql_hash, std::equal_to<>> cache_;
  std::function<void(int pages)> wal_hook_;
  std::vector<std::string> watched_tables_;
  std::function<void()> watched_write_hook_;
  bool compiled_writes_watched_ = false;  // set by authorize() during a compile
};

/// Ends a transaction after a failure. The original error is what the
/// caller needs, so a failing ROLLBACK is swallowed; returns whether the
/// connection is clean again.
bool rollback_quietly(sqlite_connection& db) noexcept;

}  // namespace brigade::store::sqlite
