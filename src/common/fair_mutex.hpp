#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace brigade {

/// A mutex that hands the lock out in the order it was asked for (a ticket
/// lock). std::mutex lets a thread that just unlocked take the lock straight
/// back while another waits to be woken: the store's writer, shared by order
/// commands and batches of session saves that follow one another, would
/// then starve an order for as long as the batches keep coming.
/// Thread-safety: as std::mutex (Lockable with std::lock_guard and
/// std::unique_lock); not recursive.
class fair_mutex {
 public:
  void lock() {
    std::unique_lock guard(state_);
    const uint64_t ticket = next_ticket_++;
    turn_.wait(guard, [&] { return now_serving_ == ticket; });
  }

  void unlock() {
    {
      std::lock_guard guard(state_);
      ++now_serving_;
    }
    turn_.notify_all();  // the few waiters check whose turn it is
  }

  /// Threads waiting for the lock now (the holder not counted). For tests
  /// and diagnostics: stale as soon as it returns.
  size_t waiting() const {
    std::lock_guard guard(state_);
    const uint64_t holding = next_ticket_ > now_serving_ ? 1 : 0;
    return static_cast<size_t>(next_ticket_ - now_serving_ - holding);
  }

 private:
  mutable std::mutex state_;
  std::condition_variable turn_;
  uint64_t next_ticket_ = 0;
  uint64_t now_serving_ = 0;
};

}  // namespace brigade
