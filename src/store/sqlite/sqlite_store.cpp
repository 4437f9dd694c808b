#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <semaphore.h>

#include <cerrno>
#include <exception>
#include <optional>
#include <stdexcept>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_unit_of_work.hpp"

namespace brigade::store::sqlite {
namespace {

// Idle reader connections kept open. More readers than this may run at
// once (each extra one is opened on demand and closed after use); the cap
// only bounds file handles and page caches held while idle. As many as the
// default database threads (32), so a busy server does not open and close a
// connection, parsing the schema each time, for every read beyond the cap.
constexpr size_t kMaxIdleReaders = 32;

// The most works one commit takes: enough to share an fsync among every
// database thread and then some, few enough that the last of a batch is
// not kept waiting long by the others' work.
constexpr size_t kMaxBatch = 64;

}  // namespace

sqlite_store::sqlite_store(std::string path)
    : path_(std::move(path)),
      writer_(std::make_unique<sqlite_connection>(path_, connection_role::writer)) {
  migrate(*writer_);
  schema_version_ = sqlite::schema_version(*writer_);
  writer_->on_writes_to(reference_cache::source_tables(), [this] { writer_copies_.clear(); });
  checkpointer_ = std::make_unique<wal_checkpointer>(*writer_);
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
  refuse_nested_write();
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

// One caller's transaction while it waits in the queue. The leader that
// runs it fills `outcome` or `failure`, announces it, sets `done` and posts
// `wake`; its caller reads them once its wait on `wake` returns.
//
// `wake` is a POSIX semaphore because of who frees it: the caller may
// return, and destroy it, as soon as sem_wait returns, while sem_post may
// still be finishing in the leader. POSIX allows that for sem_t (glibc's
// sem_post touches the semaphore only through the atomic and then the
// futex wake), where a condition variable would need the mutex held across
// the notify, and each woken caller would then block on it once more.
// At most one post is ever pending: a caller is woken either to lead (it
// is the oldest waiting, and no one else can take its work meanwhile) or,
// once, because its work is done.
struct sqlite_store::queued_work {
  queued_work(const std::function<status(kitchen::unit_of_work&)>& w, const std::function<void()>& a)
      : work(w), after_commit(a) {
    sem_init(&wake, 0, 0);
  }
  ~queued_work() { sem_destroy(&wake); }
  queued_work(const queued_work&) = delete;
  queued_work& operator=(const queued_work&) = delete;

  void sleep() {
    while (sem_wait(&wake) != 0 && errno == EINTR) {
    }
  }

  const std::function<status(kitchen::unit_of_work&)>& work;
  const std::function<void()>& after_commit;
  std::optional<status> outcome{};
  std::exception_ptr failure{};
  bool committed = false;  // its writes are durable: announce it
  bool done = false;       // written before the post that wakes its caller
  sem_t wake;              // posted to lead, or once done
};

void sqlite_store::refuse_nested_write() const {
  const auto self = std::this_thread::get_id();
  if (writer_thread_.load() == self || announcing_thread_.load() == self) {
    throw std::logic_error("sqlite_store: a write called inside one of its own transactions");
  }
}

sqlite_store::commit_counts sqlite_store::commits() const {
  return {commit_count_.load(), committed_transactions_.load()};
}

size_t sqlite_store::queued_transactions() const {
  std::lock_guard lock(queue_mutex_);
  return queue_.size();
}

std::vector<sqlite_store::queued_work*> sqlite_store::take_batch() {
  const size_t n = std::min(queue_.size(), kMaxBatch);
  std::vector<queued_work*> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
  return batch;
}

void sqlite_store::run_batch(sqlite_connection& db, const std::vector<queued_work*>& batch) {
  const auto fail_all = [&](std::exception_ptr e) {
    for (queued_work* q : batch) {
      if (!q->failure && !(q->outcome && !q->outcome->ok())) q->failure = e;
      q->committed = false;
    }
  };
  // IMMEDIATE takes the write lock now, so the work never fails half-way
  // with SQLITE_BUSY when another process holds the file.
  try {
    db.exec("BEGIN IMMEDIATE", "starting a transaction");
    writer_copies_.start_transaction(db.data_version());
  } catch (...) {
    fail_all(std::current_exception());
    return;
  }
  // Alone, a work needs no savepoint: the transaction is its own.
  const bool alone = batch.size() == 1;
  for (queued_work* q : batch) {
    try {
      if (!alone) db.exec("SAVEPOINT work", "starting a command's savepoint");
      sqlite_unit_of_work unit{db, &writer_copies_};
      q->outcome.emplace(q->work(unit));
      if (!q->outcome->ok() && !alone) db.exec("ROLLBACK TO work", "rolling back a refused command");
      if (!alone) db.exec("RELEASE work", "ending a command's savepoint");
      q->committed = q->outcome->ok();
    } catch (...) {
      q->failure = std::current_exception();
      q->outcome.reset();
      // A statement error leaves the transaction open: undo this work only.
      // An I/O error or a full disk may have ended it, taking the earlier
      // works with it: they fail too.
      bool undone = false;
      if (!alone && db.in_transaction()) {
        try {
          db.exec("ROLLBACK TO work", "rolling back a failed command");
          db.exec("RELEASE work", "ending a command's savepoint");
          undone = true;
        } catch (...) {
        }
      }
      if (!undone) {
        rollback_quietly(db);
        fail_all(q->failure);
        return;
      }
    }
  }
  const bool any_committed =
      std::any_of(batch.begin(), batch.end(), [](const queued_work* q) { return q->committed; });
  try {
    // synchronous=FULL: when COMMIT returns, the WAL is on disk. A batch
    // with nothing to keep rolls back instead (no fsync).
    db.exec(any_committed ? "COMMIT" : "ROLLBACK", "committing a transaction");
  } catch (...) {
    rollback_quietly(db);
    fail_all(std::current_exception());
    return;
  }
  if (any_committed) {
    const auto kept = static_cast<uint64_t>(
        std::count_if(batch.begin(), batch.end(), [](const queued_work* q) { return q->committed; }));
    commit_count_.fetch_add(1);
    committed_transactions_.fetch_add(kept);
  }
}

void sqlite_store::announce(const std::vector<queued_work*>& batch) {
  announcing_thread_ = std::this_thread::get_id();
  for (queued_work* q : batch) {
    if (!q->committed || !q->after_commit) continue;
    try {
      q->after_commit();
    } catch (...) {
      q->failure = std::current_exception();  // the commit stands; its caller hears of it
    }
  }
  announcing_thread_ = std::thread::id{};
}

status sqlite_store::settle(const queued_work& q) {
  if (q.failure) std::rethrow_exception(q.failure);
  return *q.outcome;
}

status sqlite_store::transact(const std::function<status(kitchen::unit_of_work&)>& work,
                              const std::function<void()>& after_commit) {
  refuse_nested_write();
  queued_work mine{work, after_commit};
  std::unique_lock queue_lock(queue_mutex_);
  queue_.push_back(&mine);
  // Followers sleep on their own semaphore until a leader has run and
  // announced their work: a batch costs one wake-up per caller, not a pass
  // of every caller through the writer's lock in turn.
  while (leading_ || queue_.front() != &mine) {
    queue_lock.unlock();
    mine.sleep();
    if (mine.done) return settle(mine);
    queue_lock.lock();
  }

  // The oldest waiting work leads: it runs every queued work in one commit.
  leading_ = true;
  std::vector<queued_work*> batch;
  try {
    batch = take_batch();
  } catch (...) {  // out of memory: give up this work alone
    std::erase(queue_, &mine);
    hand_over_leadership(queue_lock);
    throw;
  }
  queue_lock.unlock();
  {
    std::lock_guard writer(writer_mutex_);
    writer_thread_ = std::this_thread::get_id();
    run_batch(*writer_, batch);  // settles each work itself: never throws
    writer_thread_ = std::thread::id{};
  }
  // Take the announcement turn before the next leader can commit, so
  // batches announce in commit order while the next one already writes.
  std::unique_lock announcing(announce_mutex_);
  queue_lock.lock();
  hand_over_leadership(queue_lock);
  queue_lock.unlock();
  announce(batch);
  announcing.unlock();
  for (queued_work* q : batch) {
    if (q == &mine) continue;
    q->done = true;
    sem_post(&q->wake);  // its caller may return and free it at once
  }
  return settle(mine);
}

void sqlite_store::hand_over_leadership(std::unique_lock<std::mutex>& queue_lock) {
  (void)queue_lock;  // held by the caller
  leading_ = false;
  if (!queue_.empty()) sem_post(&queue_.front()->wake);
}

}  // namespace brigade::store::sqlite
