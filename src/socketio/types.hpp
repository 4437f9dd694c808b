#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "socketio/event_offset.hpp"
#include "ws_codec/shared_frame.hpp"

namespace brigade::socketio {

using json = nlohmann::ordered_json;

class socket;
class io_namespace;
using socket_ptr = std::shared_ptr<socket>;

/// The disconnect reasons of a socket that left on purpose (socket.io's
/// names): the client's DISCONNECT packet, or the server's disconnect().
/// Any other reason is a lost connection or a shutdown.
inline constexpr std::string_view kClientNamespaceDisconnect = "client namespace disconnect";
inline constexpr std::string_view kServerNamespaceDisconnect = "server namespace disconnect";

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
  /// The offset of a recoverable event (its last argument), so a socket
  /// being recovered can tell a held broadcast it already replayed.
  std::optional<event_offset> offset;
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

/// In a namespace that recovers, socket.io-client takes the last argument
/// of any event as its new offset when it is a string (socket.io#5539): an
/// event sent without an offset gets a trailing null instead, so it can
/// never move the client's offset. Defined in io_namespace.cpp.
void guard_trailing_string(const io_namespace& nsp, json& data);

}  // namespace brigade::socketio
