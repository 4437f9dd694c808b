#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace brigade::store::sqlite {

class sqlite_connection;

/// A prepared statement checked out of its connection's cache for one use:
/// bind (1-based), step, read columns (0-based). Destroying it resets the
/// statement and returns it to the cache. Every SQLite error throws
/// `kitchen::store_failure` naming the statement's purpose.
/// Thread-safety: none; it belongs to the thread using its connection and
/// must not outlive that connection. Move-only.
class sqlite_statement {
 public:
  /// `in_use`: the cache entry's flag to clear when done, or nullptr for an
  /// uncached statement, which is finalised instead.
  sqlite_statement(sqlite_connection& connection, sqlite3_stmt* statement, bool* in_use,
                   std::string_view purpose);
  sqlite_statement(sqlite_statement&& other) noexcept;
  sqlite_statement& operator=(sqlite_statement&&) = delete;
  sqlite_statement(const sqlite_statement&) = delete;
  sqlite_statement& operator=(const sqlite_statement&) = delete;
  ~sqlite_statement();

  sqlite_statement& bind_int(int index, int64_t value);
  sqlite_statement& bind_text(int index, std::string_view value);
  sqlite_statement& bind_null(int index);
  sqlite_statement& bind_optional_int(int index, std::optional<int64_t> value);

  /// Advances to the next row: true when a row is available, false when done.
  bool step();
  /// Runs a statement that returns no rows (INSERT, UPDATE, DELETE).
  void run();

  bool column_is_null(int index) const;
  int64_t column_int(int index) const;
  std::optional<int64_t> column_optional_int(int index) const;
  std::string column_text(int index) const;

 private:
  sqlite_connection* connection_;
  sqlite3_stmt* statement_;
  bool* in_use_;
  std::string purpose_;
};

}  // namespace brigade::store::sqlite
