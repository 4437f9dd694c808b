#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "http/loop_timers.hpp"

namespace brigade::http {

/// Something with queued output that wants one write per loop turn.
class flushable {
 public:
  virtual ~flushable() = default;
  virtual void flush() = 0;
};

/// An HTTP connection a graceful shutdown can wind down: closed at once
/// when idle between requests, after its response otherwise.
class drainable {
 public:
  virtual ~drainable() = default;
  virtual void begin_drain() = 0;
};

/// Write coalescing for large fan-outs: when the flushes due in one turn
/// reach `min_targets` connections, they wait `delay` so that the frames of
/// the broadcasts that follow (the next commits' events) leave in the same
/// writes. On loopback or a LAN each write costs the kernel a few µs
/// whatever its size, so a room of a thousand screens pays that once per
/// window instead of once per event. A zero delay turns it off.
struct write_coalescing {
  std::chrono::microseconds delay{0};
  size_t min_targets = 0;
};

/// One event loop and the state its connections share. Everything but
/// `context()` and `index()` is used only from the loop's own thread.
class loop {
 public:
  static constexpr size_t kReadBufferSize = 64 * 1024;

  explicit loop(size_t index) : index_(index) {}
  loop(const loop&) = delete;
  loop& operator=(const loop&) = delete;

  boost::asio::io_context& context() noexcept { return context_; }

  /// The loop whose thread is calling, or nullptr on other threads.
  static loop* current() noexcept { return current_; }
  /// Marks the calling thread as this loop's thread (done by io_pool).
  void bind_current_thread() noexcept { current_ = this; }
  size_t index() const noexcept { return index_; }

  /// The timers of this loop's connections, behind one Asio timer
  /// (loop_timers.hpp).
  loop_timers& timers() noexcept { return timers_; }

  /// Scratch buffer every connection of this loop reads into: a connection
  /// copies out only the bytes of an unfinished frame, so idle connections
  /// hold no read buffer of their own.
  std::array<char, kReadBufferSize>& read_buffer() noexcept { return read_buffer_; }

  /// Queues `target->flush()` for after the handlers already queued on this
  /// loop have run, so frames queued in one turn leave in one write.
  void schedule_flush(std::shared_ptr<flushable> target);
  /// Set before the loop runs (io_pool does).
  void set_write_coalescing(write_coalescing c) noexcept { coalescing_ = c; }

  /// Remembers an HTTP connection of this loop for `drain_connections`.
  void track(std::weak_ptr<drainable> connection);
  /// Shutdown: winds down every HTTP connection of this loop, and those
  /// tracked later; `draining()` is true from then on.
  void drain_connections();
  bool draining() const noexcept { return draining_; }

 private:
  void run_flushes();
  void flush_all();

  static thread_local loop* current_;
  boost::asio::io_context context_{1};
  // After the io_context: destroyed before it, disarming every timer first.
  loop_timers timers_{context_};
  size_t index_;
  std::array<char, kReadBufferSize> read_buffer_{};
  std::vector<std::shared_ptr<flushable>> pending_flushes_;
  std::vector<std::shared_ptr<flushable>> running_flushes_;
  write_coalescing coalescing_;
  // After timers_: destroyed (and so cancelled) before them.
  loop_timer coalesce_timer_{timers_, [](void* self) { static_cast<loop*>(self)->flush_all(); }, this};
  // Weak, so a connection ends on whichever thread drops it last; expired
  // entries are pruned whenever the list doubles.
  std::vector<std::weak_ptr<drainable>> connections_;
  size_t prune_at_ = 64;
  bool draining_ = false;
};

}  // namespace brigade::http
