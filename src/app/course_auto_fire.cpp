#include "app/course_auto_fire.hpp"

#include <exception>
#include <utility>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace brigade::app {

course_auto_fire::course_auto_fire(kitchen::kitchen_service& kitchen, executor blocking,
                                   boost::asio::any_io_executor timers, std::chrono::milliseconds interval)
    : kitchen_(kitchen), blocking_(std::move(blocking)), timer_(std::move(timers)), interval_(interval) {}

void course_auto_fire::start() {
  boost::asio::post(timer_.get_executor(), [this] {
    if (!stopped_) arm();
  });
}

void course_auto_fire::stop() {
  boost::asio::post(timer_.get_executor(), [this] {
    stopped_ = true;
    timer_.cancel();
  });
}

void course_auto_fire::arm() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) tick();
  });
}

void course_auto_fire::tick() {
  if (stopped_) return;
  if (!sweeping_.exchange(true)) {
    try {
      blocking_([this] {
        try {
          const size_t fired = kitchen_.fire_due_courses();
          if (fired > 0) spdlog::info("auto-fire: sent held lines of {} order(s)", fired);
        } catch (const std::exception& e) {
          spdlog::error("auto-fire: {}", e.what());  // the next sweep tries again
        }
        sweeping_ = false;
      });
    } catch (const std::exception&) {
      sweeping_ = false;  // the worker pool refused the job (shutting down)
    }
  }
  arm();
}

}  // namespace brigade::app
