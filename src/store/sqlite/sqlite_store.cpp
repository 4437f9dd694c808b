#include "store/sqlite/sqlite_store.hpp"

#include <optional>
#include <stdexcept>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_unit_of_work.hpp"

namespace brigade::store::sqlite {
namespace {

// Idle reader connections kept open. More readers than this may run at
// once (each extra one is opened on demand and closed after use); the cap
// only bounds file handles and page caches held while idle. Eight covers
// the API's worker threads on the machines Brigade targets.
constexpr size_t kMaxIdleReaders = 8;

}  // namespace

sqlite_store::sqlite_store(std::string path)
    : path_(std::move(path)),
      writer_(std::make_unique<sqlite_connection>(path_, connection_role::writer)) {
  migrate(*writer_);
  schema_version_ = sqlite::schema_version(*writer_);
}

sqlite_store::~sqlite_store() = default;

std::unique_ptr<sqlite_connection> sqlite_store::checkout_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return connection;
    }
  }
  // Opened outside the lock: opening may wait on the busy timeout.
  return std::make_unique<sqlite_connection>(path_, connection_role::reader);
}

void sqlite_store::checkin_reader(std::unique_ptr<sqlite_connection> connection) {
  std::lock_guard lock(readers_mutex_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(connection));
}

void sqlite_store::with_reader(const std::function<void(sqlite_connection&)>& work) {
  auto db = checkout_reader();
  try {
    work(*db);
  } catch (...) {
    // A connection that cannot roll back is dropped, not reused.
    if (rollback_quietly(*db)) checkin_reader(std::move(db));
    throw;
  }
  checkin_reader(std::move(db));
}

void sqlite_store::with_writer(const std::function<void(sqlite_connection&)>& work) {
  if (writer_thread_.load() == std::this_thread::get_id()) {
    throw std::logic_error("sqlite_store: a write called inside one of its own transactions");
  }
  std::lock_guard lock(writer_mutex_);
  writer_thread_ = std::this_thread::get_id();
  struct release_owner {
    std::atomic<std::thread::id>& owner;
    ~release_owner() { owner = std::thread::id{}; }
  } owner_guard{writer_thread_};
  work(*writer_);
}

void sqlite_store::read(const std::function<void(kitchen::kitchen_reader&)>& work) {
  with_reader([&](sqlite_connection& db) {
    // A read transaction pins one snapshot, so a multi-query read (an order
    // and its items, a page and its cursor) never mixes two commits.
    db.exec("BEGIN", "starting a read");
    sqlite_unit_of_work reader{db};
    work(reader);
    db.exec("COMMIT", "finishing a read");
  });
}

status sqlite_store::transact(const std::function<status(kitchen::unit_of_work&)>& work,
                              const std::function<void()>& after_commit) {
  std::optional<status> outcome;
  with_writer([&](sqlite_connection& db) {
    // IMMEDIATE takes the write lock now, so the work never fails half-way
    // with SQLITE_BUSY when another process holds the file.
    db.exec("BEGIN IMMEDIATE", "starting a transaction");
    try {
      sqlite_unit_of_work unit{db};
      outcome.emplace(work(unit));
      if (!outcome->ok()) {
        db.exec("ROLLBACK", "rolling back a refused command");
        return;
      }
      // synchronous=FULL: when COMMIT returns, the WAL is on disk.
      db.exec("COMMIT", "committing a transaction");
    } catch (...) {
      rollback_quietly(db);
      throw;
    }
    // Still under the writer mutex, so events are announced in commit order.
    if (after_commit) after_commit();
  });
  return *outcome;
}

}  // namespace brigade::store::sqlite
