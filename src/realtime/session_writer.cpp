#include "realtime/session_writer.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <string>
#include <unordered_map>

#include <spdlog/spdlog.h>

namespace brigade::realtime {

std::vector<kitchen::recovery_session> newest_per_session(std::vector<kitchen::recovery_session> batch) {
  std::unordered_map<std::string, uint64_t> newest;
  for (const auto& record : batch) {
    auto& version = newest[record.pid];
    version = std::max(version, record.version);
  }
  std::erase_if(batch, [&](const kitchen::recovery_session& record) {
    auto found = newest.find(record.pid);
    if (found == newest.end() || record.version != found->second) return true;
    newest.erase(found);  // equal versions: the first one stays
    return false;
  });
  return batch;
}

void session_writer::save(kitchen::recovery_session record, saved_fn then) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back({std::move(record), std::move(then)});
    if (scheduled_) return;  // the running or posted batch takes it
    scheduled_ = true;
  }
  schedule();
}

void session_writer::run_later(saved_fn work) {
  try {
    blocking_(work);
  } catch (const std::exception&) {
    work();  // shutting down: the pool refused it
  }
}

void session_writer::schedule() {
  try {
    blocking_([this] { write_batch(); });
  } catch (const std::exception& e) {
    // Shutting down: the pool refused the job; the sessions stay as last
    // saved and expire with the window.
    spdlog::warn("recovery: session saves not written: {}", e.what());
    std::vector<pending_save> dropped;
    {
      std::lock_guard lock(mutex_);
      dropped.swap(pending_);
      scheduled_ = false;
    }
    for (auto& save : dropped) {
      if (save.then) save.then();  // a join waiting on its save still answers
    }
  }
}

void session_writer::write_batch() {
  std::vector<pending_save> taken;
  {
    std::lock_guard lock(mutex_);
    const size_t n = std::min(pending_.size(), kMaxBatch);
    taken.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(pending_.begin() + n));
    pending_.erase(pending_.begin(), pending_.begin() + n);
  }
  std::vector<kitchen::recovery_session> records;
  records.reserve(taken.size());
  for (auto& save : taken) records.push_back(std::move(save.record));
  try {
    for (const auto& why : store_.save_recovery_sessions(newest_per_session(std::move(records)))) {
      spdlog::error("recovery: a session was not saved: {}", why);
    }
  } catch (const std::exception& e) {
    spdlog::error("recovery: {} session saves failed: {}", taken.size(), e.what());
  }
  // Each continuation (a join's snapshot read) on a worker of its own.
  for (auto& save : taken) {
    if (save.then) run_later(std::move(save.then));
  }
  {
    std::lock_guard lock(mutex_);
    if (pending_.empty()) {
      scheduled_ = false;
      return;
    }
  }
  schedule();  // behind whatever else waits for a worker
}

}  // namespace brigade::realtime
