#pragma once

// Engine.IO v4 protocol literals (https://socket.io/docs/v4/engine-io-protocol/
// and the reference server, engine.io 6.x): every string and number the wire
// protocol or the reference server fixes, named in one place so the session
// and server code reads by meaning. Constants only; thread-safe.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace brigade::engineio {

/// The protocol revision served: the `EIO` query parameter of every request.
inline constexpr std::string_view kProtocolVersion = "4";

/// Query parameters of an Engine.IO request.
namespace query_param {
inline constexpr std::string_view protocol = "EIO";
inline constexpr std::string_view transport = "transport";
inline constexpr std::string_view sid = "sid";
}  // namespace query_param

/// Transport names: the `transport` query parameter, and the open packet's
/// `upgrades` list.
namespace transport_name {
inline constexpr std::string_view polling = "polling";
inline constexpr std::string_view websocket = "websocket";
}  // namespace transport_name

/// Whole packets the server sends as they are (type digit + no data).
/// The noop ends a pending poll empty-handed: the client polls again, or,
/// during an upgrade, moves on to the WebSocket.
inline constexpr std::string_view kNoopPacket = "6";
/// The close packet: the session is over.
inline constexpr std::string_view kClosePacket = "1";
/// Over polling, a binary message is `b` + base64 of its bytes (the codec,
/// packet.cpp, decodes it).
inline constexpr char kBinaryPacketPrefix = 'b';

/// The upgrade probe: the client pings with data "probe" ("2probe") over the
/// new WebSocket, the server answers with the pong "3probe", the client then
/// sends upgrade "5".
inline constexpr std::string_view kProbeData = "probe";
inline constexpr std::string_view kProbePong = "3probe";

/// Why a session ended, as the reference server names it; passed to
/// `session_handler::on_close` (Socket.IO's disconnect reason).
namespace close_reason {
inline constexpr std::string_view transport_close = "transport close";
inline constexpr std::string_view transport_error = "transport error";
inline constexpr std::string_view ping_timeout = "ping timeout";
inline constexpr std::string_view forced_close = "forced close";
inline constexpr std::string_view parse_error = "parse error";
inline constexpr std::string_view server_shutting_down = "server shutting down";
}  // namespace close_reason

/// HTTP answers of the polling transport, as the reference server sends them.
namespace http_value {
/// Content-Type of a polling GET's payload (and of the handshake's).
inline constexpr std::string_view payload_content_type = "text/plain; charset=UTF-8";
/// A polling POST is acknowledged with the body "ok" as text/html.
inline constexpr std::string_view post_ack = "ok";
inline constexpr std::string_view post_ack_content_type = "text/html";
/// Content-Type of an error body {"code","message"}.
inline constexpr std::string_view error_content_type = "application/json";
/// RFC 6455 section 4.2.1: the only Sec-WebSocket-Version there is, and the
/// size of the nonce that Sec-WebSocket-Key carries in base64.
inline constexpr std::string_view websocket_version = "13";
inline constexpr size_t websocket_key_bytes = 16;
}  // namespace http_value

/// WebSocket close codes used (RFC 6455 section 7.4.1).
namespace ws_close_code {
inline constexpr uint16_t normal = 1000;
inline constexpr uint16_t protocol_error = 1002;
}  // namespace ws_close_code

/// Brigade's own refusals, before any session exists (JSON error codes of
/// `http::json_error`).
namespace refusal_code {
inline constexpr std::string_view origin_not_allowed = "origin_not_allowed";
inline constexpr std::string_view rate_limited = "rate_limited";
}  // namespace refusal_code

/// The reference server's HTTP error codes (engine.io `Server.errors`).
enum class engine_error : int {
  unknown_transport = 0,
  unknown_sid = 1,
  bad_handshake_method = 2,
  bad_request = 3,
  forbidden = 4,
  unsupported_protocol_version = 5,
};

/// The reference server's message for `error` (engine.io `Server.errorMessages`).
constexpr std::string_view error_message(engine_error error) noexcept {
  switch (error) {
    case engine_error::unknown_transport:
      return "Transport unknown";
    case engine_error::unknown_sid:
      return "Session ID unknown";
    case engine_error::bad_handshake_method:
      return "Bad handshake method";
    case engine_error::bad_request:
      return "Bad request";
    case engine_error::forbidden:
      return "Forbidden";
    case engine_error::unsupported_protocol_version:
      return "Unsupported protocol version";
  }
  return "Bad request";
}

}  // namespace brigade::engineio
