#pragma once

#include <span>
#include <string>
#include <string_view>

#include <pqxx/connection>

namespace brigade::store::postgresql {

/// One step of the PostgreSQL schema's history. A released migration is
/// never edited: a change is a new migration with the next version.
struct migration {
  int version = 0;
  std::string_view name;
  std::string_view sql;
};

/// Brigade's PostgreSQL migrations, oldest first (versions strictly
/// increasing).
std::span<const migration> migrations();

/// The newest version this binary knows.
int latest_schema_version();

/// The database's schema version: the newest migration recorded in
/// `schema_migrations`, 0 for an empty database.
int schema_version(pqxx::connection_base& db);

/// Brings the database up to the newest of `list`, each missing migration
/// in its own transaction (a failed step leaves the previous version
/// intact), recorded in `schema_migrations`. Returns how many were applied.
/// Safe when several nodes start at once: each step first takes a
/// transaction-scoped advisory lock, then reads the version, so one node
/// migrates and the others wait, then find nothing left to do. Throws
/// `kitchen::store_failure` when the database is newer than `list` knows or
/// a step fails.
int migrate(pqxx::connection_base& db, std::span<const migration> list = migrations());

}  // namespace brigade::store::postgresql
