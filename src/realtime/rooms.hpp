#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include "kitchen/ids.hpp"

namespace brigade::realtime {

/// The four room kinds of the specification's "Rooms Structure".
enum class room_kind { kitchen, waiters, table, order };

/// A logical room as a client names it: `kitchen`, `waiters`,
/// `table:{tableId}` or `order:{orderId}`. `id` is the table or order id
/// and 0 for kitchen and waiters. Plain value type; thread-safe to copy.
struct room {
  room_kind kind = room_kind::kitchen;
  int64_t id = 0;

  static room kitchen() { return {room_kind::kitchen, 0}; }
  static room waiters() { return {room_kind::waiters, 0}; }
  static room table(kitchen::table_id table) { return {room_kind::table, table}; }
  static room order(kitchen::order_id order) { return {room_kind::order, order}; }

  /// The client-visible name: "kitchen", "waiters", "table:12", "order:42".
  std::string to_string() const;

  friend auto operator<=>(const room&, const room&) = default;
};

/// The Socket.IO room a logical room maps to inside the server: prefixed
/// with its restaurant ("r1/kitchen", "r7/table:12"). Every broadcast goes
/// to these names only, so a screen of one restaurant can never be in a room
/// that receives another restaurant's events, whatever it asks to join.
/// Pure; thread-safe.
std::string internal_room_name(kitchen::restaurant_id restaurant, const room& r);

}  // namespace brigade::realtime
