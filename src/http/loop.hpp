#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace brigade::http {

/// Something with queued output that wants one write per loop turn.
class flushable {
 public:
  virtual ~flushable() = default;
  virtual void flush() = 0;
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

  /// Scratch buffer every connection of this loop reads into: a connection
  /// copies out only the bytes of an unfinished frame, so idle connections
  /// hold no read buffer of their own.
  std::array<char, kReadBufferSize>& read_buffer() noexcept { return read_buffer_; }

  /// Queues `target->flush()` for after the handlers already queued on this
  /// loop have run, so frames queued in one turn leave in one write.
  void schedule_flush(std::shared_ptr<flushable> target);

 private:
  void run_flushes();

  static thread_local loop* current_;
  boost::asio::io_context context_{1};
  size_t index_;
  std::array<char, kReadBufferSize> read_buffer_{};
  std::vector<std::shared_ptr<flushable>> pending_flushes_;
  std::vector<std::shared_ptr<flushable>> running_flushes_;
};

}  // namespace brigade::http
