#pragma once

#include <atomic>
#include <chrono>
#include <functional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "kitchen/kitchen_service.hpp"

namespace brigade::app {

/// The restaurants' auto-fire (docs/kitchen.md "Stations and courses"):
/// every `interval`, a sweep on a database worker fires the held courses
/// that are due and releases the lines whose turn came (fire by prep time;
/// kitchen_service::fire_due_courses). One sweep at a time;
/// a slow one skips the ticks it overlaps.
/// Thread-safety: start() and stop() from any thread; the timer runs on
/// `timers`, the sweeps on `blocking`. Outlives neither: stop() it, and
/// join the workers, before it is destroyed.
class course_auto_fire {
 public:
  using executor = std::function<void(std::function<void()>)>;

  course_auto_fire(kitchen::kitchen_service& kitchen, executor blocking, boost::asio::any_io_executor timers,
                   std::chrono::milliseconds interval = std::chrono::seconds{10});

  void start();
  void stop();

 private:
  void arm();
  void tick();

  kitchen::kitchen_service& kitchen_;
  executor blocking_;
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds interval_;
  std::atomic<bool> sweeping_{false};
  bool stopped_ = false;  // only on the timer's executor
};

}  // namespace brigade::app
