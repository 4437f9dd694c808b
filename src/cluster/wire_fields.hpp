#pragma once

// Reading the values Node's adapter puts on the bus (MessagePack or JSON),
// shared by broadcasts and requests.

#include <optional>
#include <string>
#include <vector>

#include "socketio/types.hpp"

namespace brigade::cluster {

/// A list of rooms: strings, or numbers (socket.io allows them), as names.
/// Null is the empty list; anything else is nullopt.
std::optional<std::vector<std::string>> room_names(const socketio::json& list);

/// notepack writes `undefined` as an extension type, which nlohmann reads
/// as binary with a subtype; a Buffer is plain binary. Each `undefined`
/// becomes null, as JSON.stringify makes it in an array.
void drop_extensions(socketio::json& value);

/// The string at `key` of an object, or "" when there is none.
std::string string_field(const socketio::json& object, const char* key);

}  // namespace brigade::cluster
