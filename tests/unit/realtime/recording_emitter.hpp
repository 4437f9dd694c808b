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
};

/// Records every emit instead of sending it. Thread-safe.
class recording_emitter final : public room_emitter {
 public:
  void emit_to_rooms(kitchen::restaurant_id restaurant, const std::vector<room>& rooms,
                     std::string_view name, const nlohmann::ordered_json& payload,
                     std::optional<stream_position> at = std::nullopt) override {
    std::lock_guard lock(mutex_);
    sent_.push_back({restaurant, rooms, std::string(name), payload, std::chrono::steady_clock::now(), at});
  }

  std::vector<emitted> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<emitted> sent_;
};

}  // namespace brigade::realtime::testing
