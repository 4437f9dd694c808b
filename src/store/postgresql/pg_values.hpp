#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/ports.hpp"
#include "store/postgresql/pg_statement.hpp"

namespace brigade::store::postgresql {

// How domain values map to columns (as in store/sqlite/sqlite_values.hpp); shared by the reads and the writes so
// the two directions cannot drift apart. Pure helpers; thread-safe.

/// Optional references: the domain's 0 ("none") is the schema's NULL, so
/// foreign keys only check real references.
inline void bind_ref(pg_statement& s, int index, int64_t id) {
  if (id == 0) {
    s.bind_null(index);
  } else {
    s.bind_int(index, id);
  }
}
inline int64_t column_ref(const pg_statement& s, int index) {
  return s.column_optional_int(index).value_or(0);
}

inline void bind_time(pg_statement& s, int index, timestamp t) {
  s.bind_int(index, to_unix_ms(t));
}
inline void bind_time(pg_statement& s, int index, const std::optional<timestamp>& t) {
  s.bind_optional_int(index, t ? std::optional<int64_t>{to_unix_ms(*t)} : std::nullopt);
}
inline timestamp column_time(const pg_statement& s, int index) {
  return from_unix_ms(s.column_int(index));
}
inline std::optional<timestamp> column_optional_time(const pg_statement& s, int index) {
  const auto ms = s.column_optional_int(index);
  if (!ms) return std::nullopt;
  return from_unix_ms(*ms);
}

/// A status column back to its enum. The schema's CHECK constraints make a
/// failure here mean a damaged file, hence store_failure.
template <typename Enum, typename Parse>
Enum column_enum(const pg_statement& s, int index, Parse parse, std::string_view what) {
  const auto text = s.column_text(index);
  const auto value = parse(text);
  if (!value)
    throw kitchen::store_failure("unknown " + std::string{what} + " '" + text +
                                 "' in the database");
  return *value;
}

// Every row of a stepped statement, each made by `read`.
template <typename T, typename Read>
std::vector<T> all_rows(pg_statement& s, Read read) {
  std::vector<T> rows;
  while (s.step()) rows.push_back(read(s));
  return rows;
}

template <typename T, typename Read>
std::optional<T> one_row(pg_statement& s, Read read) {
  if (!s.step()) return std::nullopt;
  return read(s);
}

/// Whether `sql` (SELECT EXISTS …, with $1 the restaurant and $2 the id)
/// finds a row: the "is it in use" checks before a delete.
inline bool row_exists(pqxx::transaction_base& tx, std::string sql, std::string_view what, int64_t restaurant,
                       int64_t id) {
  pg_statement s{tx, std::move(sql), what};
  s.bind_int(1, restaurant).bind_int(2, id);
  return s.step() && s.column_text(0) == "t";
}

// An update that matched no row means the caller holds an id the store
// never gave it (or one of another restaurant): a bug, never a rule
// violation, so it throws store_failure instead of passing silently.
void expect_one_row(const pg_statement& s, std::string_view what, int64_t id);

// The staff columns every staff read selects, in read_staff's order
// (postgres_staff.cpp).
extern const std::string kStaffColumns;
kitchen::staff read_staff(const pg_statement& s);

}  // namespace brigade::store::postgresql
