#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace brigade::store {

/// What a finished copy holds.
struct backup_report {
  int64_t pages = 0;
  int64_t page_size = 0;
  int schema_version = 0;  // the newest migration recorded in the copy
};

/// How the copy proceeds. Plain value type.
struct backup_steps {
  /// Pages copied per step of SQLite's online backup.
  int pages_per_step = 256;
  /// Called after each step that leaves pages to copy, with the pages left
  /// and the total; for tests that change the source in the middle.
  std::function<void(int remaining, int total)> after_step;
};

/// Copies the Brigade database at `source` into the file `destination`
/// (missing or empty; the caller picks a temporary name and renames it once
/// this returns) while servers keep using `source`, then runs
/// `PRAGMA integrity_check` on the copy. The copy is the database as it was
/// when the copy began: SQLite's online backup API reads one snapshot, which
/// in WAL mode never blocks the server's writer. The copy leaves out the
/// screens' recovery sessions, whose outbox offsets a restored database
/// would not honour: after a restore every screen joins anew. Never creates
/// or changes
/// `source`. Throws kitchen::store_failure with a message naming the file
/// when `source` is missing or not a Brigade database, the copy cannot be
/// written (disk full, no permission) or fails its check; the caller then
/// deletes `destination`.
/// Thread-safety: any thread; each call opens its own connections.
backup_report copy_live_database(const std::string& source, const std::string& destination,
                                 const backup_steps& steps = {});

}  // namespace brigade::store
