#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "realtime/room_emitter.hpp"

namespace brigade::realtime::testing {

/// One emit as the recording emitter saw it.
struct emitted {
  kitchen::restaurant_id restaurant = 0;
  std::vector<room> rooms;
  std::string name;
  nlohmann::ordered_json payload;
  std::chrono::steady_clock::time_point at;
  std::optional<stream_position> position;
  int together = 0;  // the `together` call it was made in (1, 2, …), 0: none
  kitchen::reach where = kitchen::reach::everywhere;
};

/// Records every emit instead of sending it. Thread-safe.
class recording_emitter final : public room_emitter {
 public:
  void emit_to_rooms(kitchen::restaurant_id restaurant, const std::vector<room>& rooms,
                     std::string_view name, nlohmann::ordered_json payload,
                     std::optional<stream_position> at = std::nullopt,
                     kitchen::reach where = kitchen::reach::everywhere) override {
    std::lock_guard lock(mutex_);
    sent_.push_back({restaurant, rooms, std::string(name), std::move(payload), std::chrono::steady_clock::now(), at,
                     inside_ ? togethers_ : 0, where});
  }

  void together(const std::function<void()>& emits) override {
    {
      std::lock_guard lock(mutex_);
      ++togethers_;
      inside_ = true;
    }
    emits();
    std::lock_guard lock(mutex_);
    inside_ = false;
  }

  std::vector<emitted> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<emitted> sent_;
  int togethers_ = 0;
  bool inside_ = false;
};

}  // namespace brigade::realtime::testing
