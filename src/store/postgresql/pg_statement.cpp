#include "store/postgresql/pg_statement.hpp"

#include <charconv>
#include <exception>
#include <functional>

#include <fmt/format.h>
#include <pqxx/except>
#include <pqxx/prepared_statement>

#include "kitchen/ports.hpp"

namespace brigade::store::postgresql {

void rethrow_as_store_failure(std::string_view purpose) {
  try {
    throw;
  } catch (const pqxx::pqxx_exception& e) {
    std::string message = e.base().what();
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw kitchen::store_failure(fmt::format("{}: {}", purpose, message));
  }
}

void exec(pqxx::transaction_base& tx, std::string_view sql, std::string_view purpose) {
  try {
    tx.exec(std::string{sql});
  } catch (...) {
    rethrow_as_store_failure(purpose);
  }
}

pg_statement::pg_statement(pqxx::transaction_base& tx, std::string sql, std::string_view purpose)
    : tx_(tx), sql_(std::move(sql)), purpose_(purpose) {}

pg_statement& pg_statement::bind_int(int index, int64_t value) {
  return bind_text(index, std::to_string(value));
}

pg_statement& pg_statement::bind_text(int index, std::string_view value) {
  const auto i = static_cast<size_t>(index - 1);
  if (params_.size() <= i) params_.resize(i + 1);
  params_[i] = std::string{value};
  return *this;
}

pg_statement& pg_statement::bind_null(int index) {
  const auto i = static_cast<size_t>(index - 1);
  if (params_.size() <= i) params_.resize(i + 1);
  params_[i].reset();
  return *this;
}

pg_statement& pg_statement::bind_optional_int(int index, std::optional<int64_t> value) {
  return value ? bind_int(index, *value) : bind_null(index);
}

void pg_statement::execute() {
  if (executed_) return;
  executed_ = true;
  // libpqxx sends a null pointer as SQL NULL.
  std::vector<const char*> values;
  values.reserve(params_.size());
  for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
  // A named statement per distinct SQL, prepared on the connection the first
  // time this connection runs it (libpqxx registers it, then prepares it on
  // first use): a command's statements are parsed and planned once per
  // connection, not at every call.
  const std::string name = fmt::format("brigade_{:016x}", std::hash<std::string>{}(sql_));
  try {
    tx_.conn().prepare(name, sql_);
    result_ = tx_.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
  } catch (...) {
    rethrow_as_store_failure(purpose_);
  }
}

bool pg_statement::step() {
  execute();
  if (next_row_ >= result_.size()) return false;
  ++next_row_;
  return true;
}

void pg_statement::run() { execute(); }

int64_t pg_statement::insert_returning_id() {
  if (!step()) throw kitchen::store_failure(fmt::format("{}: no id returned", purpose_));
  return column_int(0);
}

int64_t pg_statement::changes() const { return static_cast<int64_t>(result_.affected_rows()); }

bool pg_statement::column_is_null(int index) const { return result_[next_row_ - 1][index].is_null(); }

int64_t pg_statement::column_int(int index) const {
  const auto field = result_[next_row_ - 1][index];
  if (field.is_null()) return 0;
  const std::string_view text{field.c_str(), field.size()};
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw kitchen::store_failure(fmt::format("{}: '{}' in column {} is not an integer", purpose_, text, index));
  }
  return value;
}

std::optional<int64_t> pg_statement::column_optional_int(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_int(index);
}

std::string pg_statement::column_text(int index) const {
  const auto field = result_[next_row_ - 1][index];
  return field.is_null() ? std::string{} : std::string{field.c_str(), field.size()};
}

}  // namespace brigade::store::postgresql
