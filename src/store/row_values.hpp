#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/ports.hpp"

namespace brigade::store {

// How domain values map to columns; shared by the reads and the writes of
// both stores (SQLite, PostgreSQL), over any statement with the
// sqlite_statement interface (bind 1-based, read columns 0-based), so the
// directions and the backends cannot drift apart. Pure helpers; thread-safe.

/// Optional references: the domain's 0 ("none") is the schema's NULL, so
/// foreign keys only check real references.
template <typename Statement>
void bind_ref(Statement& s, int index, int64_t id) {
  if (id == 0) {
    s.bind_null(index);
  } else {
    s.bind_int(index, id);
  }
}
template <typename Row>
int64_t column_ref(const Row& s, int index) {
  return s.column_optional_int(index).value_or(0);
}

template <typename Statement>
void bind_time(Statement& s, int index, timestamp t) {
  s.bind_int(index, to_unix_ms(t));
}
template <typename Statement>
void bind_time(Statement& s, int index, const std::optional<timestamp>& t) {
  s.bind_optional_int(index, t ? std::optional<int64_t>{to_unix_ms(*t)} : std::nullopt);
}
template <typename Row>
timestamp column_time(const Row& s, int index) {
  return from_unix_ms(s.column_int(index));
}
template <typename Row>
std::optional<timestamp> column_optional_time(const Row& s, int index) {
  const auto ms = s.column_optional_int(index);
  if (!ms) return std::nullopt;
  return from_unix_ms(*ms);
}

/// A status column back to its enum. The schema's CHECK constraints make a
/// failure here mean a damaged file, hence store_failure.
template <typename Enum, typename Row, typename Parse>
Enum column_enum(const Row& s, int index, Parse parse, std::string_view what) {
  const auto text = s.column_text(index);
  const auto value = parse(text);
  if (!value)
    throw kitchen::store_failure("unknown " + std::string{what} + " '" + text +
                                 "' in the database");
  return *value;
}

// Every row of a stepped statement, each made by `read`.
template <typename T, typename Statement, typename Read>
std::vector<T> all_rows(Statement& s, Read read) {
  std::vector<T> rows;
  while (s.step()) rows.push_back(read(s));
  return rows;
}

template <typename T, typename Statement, typename Read>
std::optional<T> one_row(Statement& s, Read read) {
  if (!s.step()) return std::nullopt;
  return read(s);
}

}  // namespace brigade::store
