#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "app/network_options.hpp"
#include "app/security_options.hpp"

namespace brigade::app {

/// Everything `brigade serve` takes. Plain value type.
struct serve_options {
  network_options network;
  security_options security;
  /// The SQLite file; created (with its schema) on first start.
  std::string db_path = "brigade.db";
  /// Load the demo restaurant into an empty database.
  bool demo = false;
  /// Threads that run database work off the I/O loops. Writes are serialised
  /// by SQLite anyway, and a thread mostly sleeps while its command waits
  /// for a group commit: a group can hold at most as many commands as there
  /// are threads, so there are many (32: 3 464 orders/s against 1 437 with
  /// 4, docs/benchmarks.md), and reads proceed beside a commit's fsync.
  size_t db_threads = 32;
  /// Threads that verify passwords (argon2id: about 0.1 s of a core and
  /// 64 MiB each), apart from the database workers so that a flood of logins
  /// never holds up a command. 0: half the cores, at least one.
  size_t login_threads = 0;
  /// kitchen:stats_update goes out at most once per interval per restaurant
  /// (the latest numbers always last).
  std::chrono::milliseconds stats_interval{250};
  /// How often held courses are checked for auto-fire: the restaurants set
  /// minutes, so a few seconds late is on time.
  std::chrono::milliseconds auto_fire_check{10'000};
  /// The built web apps (`npm run build --workspace web` writes them there),
  /// served on "/". Relative to the working directory, because the server,
  /// scripts/run.sh and the tests are run from the repository root; an
  /// installed server passes an absolute path. Missing: the API still runs.
  std::string web_root = "web/dist";
  /// The cluster bus (docs/cluster.md): `redis://host[:port]` or
  /// `unix:///path/redis.sock`. Empty: this node is alone.
  std::string adapter_url;
  /// A PostgreSQL database shared by several nodes (docs/cluster.md):
  /// `postgresql://user:password@host:port/db`. Empty: the SQLite file at
  /// db_path.
  std::string store_url;
  /// How long a SIGTERM may wait for in-flight requests and queued frames
  /// before stopping regardless: well under systemd's 30 s stop timeout,
  /// well over a commit's fsync on a slow card.
  std::chrono::seconds shutdown_timeout{10};
  /// How long a disconnected screen can come back as itself: same socket,
  /// same rooms, every missed event replayed (docs/reliability.md); 0 turns
  /// connection state recovery off.
  std::chrono::seconds recovery_window{120};
};

/// Why `url` cannot be the cluster bus's address (--adapter), or "" when it
/// can (or is empty: one node).
std::string adapter_url_problem(const std::string& url);

/// Why `url` cannot be the PostgreSQL store's address (--store), or "" when
/// it can (or is empty: SQLite).
std::string store_url_problem(const std::string& url);

/// `url` with its password (user:password@, or password=… among its
/// parameters) replaced by ***, for logs and `config print`.
std::string redact_store_url(const std::string& url);

/// Runs Brigade until SIGINT/SIGTERM; returns the exit code. Throws
/// `kitchen::store_failure` when the database cannot be opened and
/// std::runtime_error when the security settings cannot work (no secret).
int run_server(const serve_options& options);

}  // namespace brigade::app
