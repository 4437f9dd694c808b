#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "http/loop.hpp"

namespace brigade::http {

/// The server's event loops: one `loop` (io_context) per thread, default one
/// per core. Connections are pinned to one loop at accept and never move
/// unless a transport hands its socket over explicitly.
/// Thread-safety: `next()`, `size()`, `at()` and `stop()` are safe from any
/// thread; `start()`/`join()` are called once by the owner.
class io_pool {
 public:
  explicit io_pool(size_t thread_count, write_coalescing coalescing = {});
  ~io_pool();
  io_pool(const io_pool&) = delete;
  io_pool& operator=(const io_pool&) = delete;

  size_t size() const noexcept { return loops_.size(); }
  loop& at(size_t index) { return *loops_[index]; }
  /// Round-robin choice of a loop for a new connection.
  loop& next() noexcept;

  /// Starts one thread per loop.
  void start();
  /// Lets the loops finish once they run out of work (no more work guard).
  void release();
  /// Graceful shutdown: asks every loop to wind down its HTTP connections
  /// (loop::drain_connections); returns at once.
  void drain_connections();
  /// Stops every loop at once.
  void stop();
  /// Waits for the threads to finish.
  void join();

 private:
  using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<loop>> loops_;
  std::vector<std::optional<work_guard>> guards_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
};

}  // namespace brigade::http
