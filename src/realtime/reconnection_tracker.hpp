#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace brigade::realtime {

/// Tells a reconnection from a first connection, for
/// brigade_reconnections_total: a socket of an identity (a staff member or
/// a screen, within its restaurant) that disconnected less than `window`
/// ago. The window is 60 s: socket.io-client retries within its
/// reconnectionDelayMax (5 s) many times over in that time, while a
/// tablet switched off for the night and on the next day is a new start,
/// not a reconnection. An identity with several sockets open (two tabs)
/// counts each reconnecting socket.
/// Memory is bounded: entries older than the window are dropped as new ones
/// arrive, and past `max_entries` the oldest go first.
/// Thread-safety: every member is safe from any thread (one mutex; connects
/// and disconnects are rare next to events).
class reconnection_tracker {
 public:
  using clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kDefaultWindow{60};
  /// More identities than any restaurant group has screens and staff.
  static constexpr size_t kDefaultMaxEntries = 100'000;

  explicit reconnection_tracker(clock::duration window = kDefaultWindow, size_t max_entries = kDefaultMaxEntries)
      : window_(window), max_entries_(max_entries) {}

  /// The identity `key` connected at `now`: true if it is a reconnection.
  bool on_connect(const std::string& key, clock::time_point now);
  /// The identity `key` disconnected at `now`.
  void on_disconnect(const std::string& key, clock::time_point now);

  size_t size() const;

 private:
  void expire(clock::time_point now);

  clock::duration window_;
  size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, clock::time_point> disconnected_at_;
  clock::time_point next_sweep_{};
};

}  // namespace brigade::realtime
