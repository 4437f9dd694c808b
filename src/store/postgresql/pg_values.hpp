#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "kitchen/ports.hpp"
#include "store/postgresql/pg_statement.hpp"
#include "store/row_values.hpp"

namespace brigade::store::postgresql {

// The PostgreSQL-bound helpers of the reads and writes (the generic ones are
// in store/row_values.hpp). Pure helpers; thread-safe.

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

}  // namespace brigade::store::postgresql
