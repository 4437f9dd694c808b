#pragma once

#include <atomic>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace brigade::socketio {

class socket;

/// The sockets of one namespace on one loop, and their rooms. A room is a
/// flat vector of members so a broadcast walks contiguous memory; each socket
/// remembers its index in every room it is in, so leaving is O(1).
/// A socket's id is a room of its own (as in the reference server) without
/// costing a room entry.
/// Not thread-safe: owned by one loop and used only on that loop's thread.
class room_index {
 public:
  struct room {
    const std::string* name = nullptr;  // the map's key
    std::vector<socket*> members;
  };
  /// Where a socket sits in one room.
  struct membership {
    room* in = nullptr;
    uint32_t position = 0;
  };

  void add(socket& s);
  void remove(socket& s);  // also leaves every room
  bool join(socket& s, const std::string& name);
  bool leave(socket& s, std::string_view name);

  /// Calls `deliver` once for every socket in any of `rooms` (every socket
  /// when `rooms` is empty) and in none of `except`. Names may be room names
  /// or socket ids.
  void for_each_target(const std::vector<std::string>& rooms, const std::vector<std::string>& except,
                       const std::function<void(socket&)>& deliver);

  /// Every room's name and every socket's id (a room of its own).
  std::vector<std::string> room_names() const;

  size_t socket_count() const noexcept { return sockets_.size(); }
  size_t room_count() const noexcept { return rooms_.size(); }

  /// The room and membership counts (socket-id rooms aside) as last
  /// published by the owner loop: the one part safe to read from any thread
  /// (the metrics scrape), relaxed and possibly a moment old.
  int64_t published_rooms() const noexcept { return published_rooms_.load(std::memory_order_relaxed); }
  int64_t published_members() const noexcept { return published_members_.load(std::memory_order_relaxed); }

 private:
  void publish(int64_t rooms_delta, int64_t members_delta) noexcept;
  template <typename Visit>
  void visit_named(const std::string& name, Visit&& visit);

  std::unordered_map<std::string, room> rooms_;
  // The sockets, found by id without a copy of it: hashed on each socket's
  // own id (which does not change while it is indexed), looked up with any
  // string_view.
  struct by_id {
    using is_transparent = void;
    size_t operator()(std::string_view id) const noexcept;
    size_t operator()(const socket* s) const noexcept;
    bool operator()(const socket* a, const socket* b) const noexcept { return a == b; }
    bool operator()(std::string_view id, const socket* s) const noexcept;
    bool operator()(const socket* s, std::string_view id) const noexcept;
  };
  std::unordered_set<socket*, by_id, by_id> sockets_;
  std::vector<socket*> all_;                              // for namespace-wide broadcasts
  uint64_t epoch_ = 0;
  // Written only by the owner loop (a plain load + store), read by scrapes.
  std::atomic<int64_t> published_rooms_{0};
  std::atomic<int64_t> published_members_{0};
};

}  // namespace brigade::socketio
