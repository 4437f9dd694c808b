#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ws_codec/shared_frame.hpp"

namespace brigade::socketio {

using json = nlohmann::ordered_json;

class socket;
class io_namespace;
using socket_ptr = std::shared_ptr<socket>;

/// Why a connect middleware refused a socket: sent as CONNECT_ERROR
/// `{message, data}` (data omitted when null).
struct connect_error {
  std::string message;
  json data;
};

/// Calls the next middleware, or refuses the connection with an error.
using next_fn = std::function<void(std::optional<connect_error>)>;
/// Runs before a socket connects to a namespace (auth, say); must call
/// `next` exactly once, now or later, on the socket's loop.
using middleware = std::function<void(const socket_ptr&, next_fn)>;
/// Answers a client's acknowledgement request with an array of arguments.
using ack_fn = std::function<void(json args)>;
/// Handles one event: `args` is the array of arguments after the name; `ack`
/// is empty unless the client asked for an acknowledgement.
using event_handler = std::function<void(socket&, json& args, const ack_fn& ack)>;
/// Receives the reply to a server-side emit with ack: the client's arguments,
/// or nullopt when the timeout passed first.
using ack_callback = std::function<void(std::optional<json> args)>;

/// A packet encoded once as Engine.IO frames: the text frame, then one
/// binary frame per attachment. Shared by every recipient of a broadcast.
struct encoded_frames {
  ws::frame_ptr text;
  std::vector<ws::frame_ptr> attachments;
  /// When the change this broadcast announces was committed (epoch when
  /// unknown): each loop observes its delivery latency from here.
  std::chrono::steady_clock::time_point committed_at{};
};

/// The data of an EVENT packet: the name, then the arguments (an array, or
/// a single value taken as the only argument).
inline json event_data(std::string_view event, json args) {
  json data = json::array();
  data.push_back(event);
  if (args.is_array()) {
    for (auto& arg : args) data.push_back(std::move(arg));
  } else {
    data.push_back(std::move(args));
  }
  return data;
}

}  // namespace brigade::socketio
