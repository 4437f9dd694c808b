#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "realtime/room_emitter.hpp"

namespace brigade::realtime {

/// Coalesces a stream of "latest value" events (kitchen:stats_update) per
/// restaurant and event name: the first after a quiet interval goes out at
/// once; later ones within `interval` of the last send wait, and only the
/// newest of them is sent when the interval ends. So at most one event per
/// interval leaves, and the last value offered is always the last one sent:
/// a burst of D ms sends at most D / interval + 2 events.
/// Thread-safety: `offer` may be called from any thread; timers run on the
/// executor given at construction. Destroy it after that executor stopped
/// running handlers (the timers refer to it).
class stats_throttle {
 public:
  stats_throttle(boost::asio::any_io_executor timers, std::chrono::milliseconds interval, room_emitter& out);
  ~stats_throttle();
  stats_throttle(const stats_throttle&) = delete;
  stats_throttle& operator=(const stats_throttle&) = delete;

  void offer(kitchen::restaurant_id restaurant, const std::vector<room>& rooms, std::string_view name,
             nlohmann::ordered_json payload);

  std::chrono::milliseconds interval() const noexcept { return interval_; }

 private:
  using clock = std::chrono::steady_clock;
  struct pending_event {
    std::vector<room> rooms;
    nlohmann::ordered_json payload;
  };
  struct channel {
    explicit channel(const boost::asio::any_io_executor& ex) : timer(ex) {}
    std::optional<clock::time_point> last_sent;
    std::optional<pending_event> pending;
    bool timer_armed = false;
    boost::asio::steady_timer timer;
  };
  using channel_key = std::pair<kitchen::restaurant_id, std::string>;

  void on_timer(const channel_key& key);

  boost::asio::any_io_executor timers_;
  std::chrono::milliseconds interval_;
  room_emitter& out_;
  std::mutex mutex_;
  std::map<channel_key, std::unique_ptr<channel>> channels_;
};

}  // namespace brigade::realtime
