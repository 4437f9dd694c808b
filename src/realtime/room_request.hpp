#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "realtime/rooms.hpp"

namespace brigade::realtime {

enum class room_action { join, leave };

/// One client→server room command: `join:kitchen`, `leave:table`, …
/// Static data; thread-safe to read.
struct room_command {
  std::string_view event;  // a literal
  room_action action = room_action::join;
  room_kind kind = room_kind::kitchen;
};

/// The eight commands: join and leave for kitchen, waiters, table, order.
const std::vector<room_command>& room_commands();

/// Reads a room command's arguments (the event's argument array, without
/// the ack): `kitchen` and `waiters` take nothing, null or an object;
/// `table` takes `{tableId}` and `order` `{orderId}`, a positive integer.
/// Anything else is a `validation` error naming the field. Pure; thread-safe.
result<room> parse_room_request(room_kind kind, const nlohmann::ordered_json& args);

}  // namespace brigade::realtime
