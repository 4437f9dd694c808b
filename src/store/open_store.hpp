#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "kitchen/outbox_feed.hpp"
#include "kitchen/ports.hpp"
#include "kitchen/recovery_sessions.hpp"

namespace brigade::store {

/// Opens the SQLite store at `path`: creates the file (and its directory)
/// when missing and applies pending migrations. Throws
/// kitchen::store_failure when the file cannot be opened or its schema is
/// newer than this binary. The store is thread-safe (see sqlite_store).
std::unique_ptr<kitchen::kitchen_store> open_sqlite_store(const std::string& path);

/// Everything a server keeps in its database, behind the kitchen's ports:
/// one store object, seen as each port. Move-only.
struct server_store {
  std::unique_ptr<kitchen::kitchen_store> kitchen;
  /// The same object's sessions of connection state recovery.
  kitchen::recovery_session_store* recovery_sessions = nullptr;
  /// Durable commits so far and the commands they carried (group commit),
  /// for /metrics. Thread-safe; valid while `kitchen` lives.
  std::function<std::pair<uint64_t, uint64_t>()> commits{};
  /// Where a store several nodes share tells of the other nodes' commits
  /// (kitchen::announcement_sequencer listens); null for a store of one
  /// process. Not started.
  std::unique_ptr<kitchen::outbox_feed> other_nodes_commits{};
};

/// open_sqlite_store, with both ports.
server_store open_sqlite_server_store(const std::string& path);

/// Whether `location` names a PostgreSQL database: a URL starting
/// `postgresql://` or `postgres://` (libpq's two URI schemes). Anything else
/// is a SQLite file path.
bool is_postgres_url(std::string_view location);

/// Connects to the PostgreSQL database at `url` (postgresql://user:pass@
/// host:port/db) and applies pending migrations; several servers may share
/// it (see postgresql::postgres_store). Throws kitchen::store_failure when
/// it cannot be reached or its schema is newer than this binary. `commits`
/// counts each transaction as one commit (no group commit).
/// `connections`: how many it keeps open while idle; at least the threads
/// that run database work at once, or every busy moment opens (and
/// PostgreSQL forks) new ones.
server_store open_postgres_server_store(const std::string& url, size_t connections = 8);

/// open_postgres_server_store for a PostgreSQL URL (is_postgres_url),
/// open_sqlite_server_store for anything else.
server_store open_server_store(const std::string& location);

/// The kitchen port alone of open_server_store (the one-shot commands).
std::unique_ptr<kitchen::kitchen_store> open_kitchen_store(const std::string& location);

}  // namespace brigade::store
