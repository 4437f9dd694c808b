#pragma once

#include <span>
#include <string_view>

#include "store/sqlite/sqlite_connection.hpp"

namespace brigade::store::sqlite {

/// One step of the schema's history. A released migration is never edited:
/// a change is a new migration with the next version.
struct migration {
  int version = 0;
  std::string_view name;
  std::string_view sql;
};

/// Brigade's migrations, oldest first (versions strictly increasing).
std::span<const migration> migrations();

/// The newest version this binary knows.
int latest_schema_version();

/// The database's schema version: the newest migration recorded in
/// `schema_migrations` (or `PRAGMA user_version`, which mirrors it for
/// tools such as the sqlite3 shell, if that is higher). 0 for a new file.
int schema_version(sqlite_connection& db);

/// Brings the database up to the newest of `list`, applying each missing
/// migration in its own IMMEDIATE transaction (so a failed step leaves the
/// previous version intact) and recording it in `schema_migrations`.
/// Returns how many were applied. Throws `kitchen::store_failure` when the
/// database is newer than `list` knows (an older binary must not write a
/// schema it does not understand) or a migration fails.
/// Safe against another process migrating the same file at the same time:
/// the version is re-read under the write lock before each step.
int migrate(sqlite_connection& db, std::span<const migration> list = migrations());

}  // namespace brigade::store::sqlite
