#include "store/sqlite/wal_checkpointer.hpp"

#include "kitchen/ports.hpp"

namespace brigade::store::sqlite {

wal_checkpointer::wal_checkpointer(sqlite_connection& writer, int threshold_pages)
    : writer_(writer),
      threshold_(threshold_pages),
      own_(std::make_unique<sqlite_connection>(writer.path(), connection_role::writer)),
      thread_([this] { run(); }) {
  writer_.on_wal_commit([this](int pages) { wal_grew(pages); });
}

wal_checkpointer::~wal_checkpointer() {
  writer_.on_wal_commit({});
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void wal_checkpointer::wal_grew(int pages) {
  if (pages < threshold_) return;
  if (pages >= 8 * threshold_) {
    // Far behind (long readers, a slow disk): bound the WAL as SQLite would.
    try {
      writer_.checkpoint_passive();
      ++inline_;
    } catch (const kitchen::store_failure&) {
      // The commit stands; the next one tries again.
    }
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (due_) return;
    due_ = true;
  }
  wake_.notify_one();
}

void wal_checkpointer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return due_ || stopping_; });
    if (stopping_) return;
    // Cleared first: a commit that lands during this checkpoint asks for
    // the next one, so its frames are never left behind.
    due_ = false;
    lock.unlock();
    try {
      own_->checkpoint_passive();
      ++background_;
    } catch (const kitchen::store_failure&) {
      // Busy or an I/O error: the WAL keeps the commits; the next request,
      // or the writer's own fallback, checkpoints them.
    }
    lock.lock();
  }
}

}  // namespace brigade::store::sqlite
