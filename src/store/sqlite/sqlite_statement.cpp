#include "store/sqlite/sqlite_statement.hpp"

#include <utility>

#include <sqlite3.h>

#include "store/sqlite/sqlite_connection.hpp"

namespace brigade::store::sqlite {

sqlite_statement::sqlite_statement(sqlite_connection& connection, sqlite3_stmt* statement,
                                   bool* in_use, std::string_view purpose)
    : connection_(&connection), statement_(statement), in_use_(in_use), purpose_(purpose) {}

sqlite_statement::sqlite_statement(sqlite_statement&& other) noexcept
    : connection_(other.connection_),
      statement_(std::exchange(other.statement_, nullptr)),
      in_use_(other.in_use_),
      purpose_(std::move(other.purpose_)) {}

sqlite_statement::~sqlite_statement() {
  if (statement_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(statement_);
    return;
  }
  // Reset ends a read that stopped before SQLITE_DONE, which would otherwise
  // keep its snapshot open; its error (the last step's) was already thrown.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  *in_use_ = false;
}

sqlite_statement& sqlite_statement::bind_int(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(statement_, index, value);
  if (rc != SQLITE_OK) connection_->fail(rc, purpose_);
  return *this;
}

sqlite_statement& sqlite_statement::bind_text(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so callers may pass temporaries.
  const int rc = sqlite3_bind_text64(statement_, index, value.data(), value.size(),
                                     SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) connection_->fail(rc, purpose_);
  return *this;
}

sqlite_statement& sqlite_statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(statement_, index);
  if (rc != SQLITE_OK) connection_->fail(rc, purpose_);
  return *this;
}

sqlite_statement& sqlite_statement::bind_optional_int(int index, std::optional<int64_t> value) {
  return value ? bind_int(index, *value) : bind_null(index);
}

bool sqlite_statement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  connection_->fail(rc, purpose_);
}

void sqlite_statement::run() {
  while (step()) {
    // RETURNING-less writes yield no rows; draining keeps the statement
    // correct even if one does.
  }
}

bool sqlite_statement::column_is_null(int index) const {
  return sqlite3_column_type(statement_, index) == SQLITE_NULL;
}

int64_t sqlite_statement::column_int(int index) const {
  return sqlite3_column_int64(statement_, index);
}

std::optional<int64_t> sqlite_statement::column_optional_int(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_int(index);
}

std::string sqlite_statement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
  if (text == nullptr) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement_, index)));
}

}  // namespace brigade::store::sqlite
