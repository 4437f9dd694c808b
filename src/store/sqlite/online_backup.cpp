// store::copy_live_database (store/backup.hpp) with SQLite's online backup
// API: sqlite3_backup_init/step/finish from a snapshot of the live file.

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "kitchen/ports.hpp"
#include "store/backup.hpp"

namespace brigade::store {
namespace {

[[noreturn]] void fail(std::string message) {
  throw kitchen::store_failure(std::move(message));
}

// One raw connection, closed on every path out. The backup needs the raw
// handle (sqlite3_backup_init), and must not apply sqlite_connection's
// PRAGMAs: they would switch a non-WAL file to WAL, i.e. write to it.
class raw_connection {
 public:
  raw_connection(const std::string& path, int flags, std::string_view role) : path_(path), role_(role) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      // A failed open still allocates a handle, and the destructor of a
      // constructor that throws never runs: close it here.
      const std::string why = message(rc);
      close();
      fail(fmt::format("{} {}: {}", role_, path_, why));
    }
    sqlite3_extended_result_codes(db_, 1);
    // A server's writer holding the lock for a moment (a checkpoint, WAL
    // recovery) makes us wait, as it would the server's own readers.
    sqlite3_busy_timeout(db_, 5000);
  }
  ~raw_connection() { close(); }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  sqlite3* handle() const { return db_; }
  std::string message(int rc) const { return db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc); }

  /// Runs `sql` and returns the first column of each row as text.
  std::vector<std::string> rows(std::string_view sql, std::string_view purpose) {
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    std::vector<std::string> out;
    if (rc == SQLITE_OK) {
      while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(statement, 0);
        out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
      }
    }
    const std::string error = rc == SQLITE_DONE ? "" : message(rc);
    sqlite3_finalize(statement);
    if (!error.empty()) fail(fmt::format("{} {}: {}: {}", role_, path_, purpose, error));
    return out;
  }
  void exec(std::string_view sql, std::string_view purpose) { rows(sql, purpose); }
  int64_t number(std::string_view sql, std::string_view purpose) {
    const auto found = rows(sql, purpose);
    return found.empty() ? 0 : std::stoll(found.front());
  }

  /// Closes now, reporting a failure (the copy's last write can fail here).
  void close_checked() {
    const int rc = sqlite3_close(db_);
    if (rc != SQLITE_OK) fail(fmt::format("{} {}: closing: {}", role_, path_, message(rc)));
    db_ = nullptr;
  }

 private:
  void close() noexcept {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  std::string path_;
  std::string role_;
  sqlite3* db_ = nullptr;
};

// Opens the source's snapshot: BEGIN, then a read, which takes the read
// transaction every backup step then uses. Holding it from the first page
// to the last is what makes the copy consistent and lets it finish at all:
// a copy that let go between steps would be restarted by SQLite each time
// the server commits. Returns the schema version the snapshot has.
int begin_snapshot(raw_connection& source, const std::string& path) {
  std::vector<std::string> mode;
  try {
    mode = source.rows("PRAGMA journal_mode", "reading the journal mode");
  } catch (const kitchen::store_failure& e) {
    // A reader of a WAL database writes its -shm: SQLite says "readonly".
    if ((sqlite3_errcode(source.handle()) & 0xff) != SQLITE_READONLY) throw;
    fail(fmt::format("{}: run brigade backup as the database's owner or root, who may write its -shm", e.what()));
  }
  if (mode != std::vector<std::string>{"wal"}) {
    // Brigade always runs its database in WAL mode; in any other mode this
    // snapshot would block the writer for the whole copy.
    fail(fmt::format("{} is not in WAL mode: not a database Brigade has served", path));
  }
  source.exec("BEGIN", "beginning the snapshot");
  try {
    return static_cast<int>(source.number("SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                                          "reading the schema version"));
  } catch (const kitchen::store_failure& e) {
    if (std::string_view(e.what()).find("no such table") == std::string_view::npos) throw;
    fail(fmt::format("{} is not a Brigade database: it has no schema_migrations table", path));
  }
}

void copy_pages(raw_connection& source, raw_connection& copy, const std::string& destination,
                const backup_steps& steps) {
  sqlite3_backup* backup = sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
  if (backup == nullptr) fail(fmt::format("backup {}: {}", destination, copy.message(SQLITE_ERROR)));
  int rc = SQLITE_OK;
  while ((rc = sqlite3_backup_step(backup, steps.pages_per_step)) == SQLITE_OK || rc == SQLITE_BUSY ||
         rc == SQLITE_LOCKED) {
    // BUSY or LOCKED: the source's lock for a moment; try the step again.
    if (rc != SQLITE_OK) sqlite3_sleep(10);
    if (rc == SQLITE_OK && steps.after_step)
      steps.after_step(sqlite3_backup_remaining(backup), sqlite3_backup_pagecount(backup));
  }
  // finish releases the backup and leaves a step's error on the copy's
  // connection, where its message is.
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) fail(fmt::format("backup {}: {}", destination, sqlite3_errstr(rc)));
  if (finished != SQLITE_OK) fail(fmt::format("backup {}: {}", destination, copy.message(finished)));
}

// The screens' recovery sessions (docs/reliability.md) name outbox offsets
// of the live database's future, which a restored copy will not share: a
// screen recovering one after a restore would wait for events that never
// come. Without them every screen connects as new and joins its rooms
// again, getting their current state.
void forget_recovery_sessions(raw_connection& copy) {
  const auto tables = copy.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'recovery_sessions'",
                                "looking for the recovery sessions");
  if (!tables.empty()) copy.exec("DELETE FROM recovery_sessions", "leaving the recovery sessions out of the copy");
}

void check_integrity(raw_connection& copy, const std::string& destination) {
  const auto findings = copy.rows("PRAGMA integrity_check", "checking the copy's integrity");
  if (findings == std::vector<std::string>{"ok"}) return;
  fail(fmt::format("backup {} failed its integrity check: {}{}", destination,
                   findings.empty() ? "no answer" : findings.front(),
                   findings.size() > 1 ? fmt::format(" (and {} more)", findings.size() - 1) : ""));
}

}  // namespace

backup_report copy_live_database(const std::string& source_path, const std::string& destination,
                                 const backup_steps& steps) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source_path, ec)) {
    fail(std::filesystem::exists(source_path, ec) ? fmt::format("{} is not a file", source_path)
                                                  : fmt::format("no database at {}", source_path));
  }
  // Read-write without CREATE: a reader of a WAL file needs its -shm, and a
  // missing file must stay missing.
  raw_connection source(source_path, SQLITE_OPEN_READWRITE, "database");
  backup_report report;
  report.schema_version = begin_snapshot(source, source_path);

  raw_connection copy(destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "backup");
  // The copy is on disk before it is renamed into place.
  copy.exec("PRAGMA synchronous = FULL", "configuring the copy");
  copy_pages(source, copy, destination, steps);
  source.exec("COMMIT", "ending the snapshot");
  source.close_checked();

  forget_recovery_sessions(copy);
  check_integrity(copy, destination);
  report.pages = copy.number("PRAGMA page_count", "counting the copy's pages");
  report.page_size = copy.number("PRAGMA page_size", "reading the copy's page size");
  // Closing the last connection folds any -wal of the copy back into it and
  // deletes it, so the one file is the whole backup.
  copy.close_checked();
  return report;
}

}  // namespace brigade::store
