#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace brigade::socketio {

using json = nlohmann::ordered_json;

/// Socket.IO v5 packet types (socket.io-protocol v5, "Packet format").
enum class packet_type : uint8_t {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

/// One Socket.IO packet. Binary attachments live inside `data` as
/// `json::binary_t` values, exactly where the application put them; the codec
/// swaps them for `{"_placeholder":true,"num":N}` on the wire and back.
/// `data` is discarded (null) when the packet has none. Plain value type.
struct packet {
  packet_type type = packet_type::event;
  std::string nsp = "/";
  std::optional<uint64_t> id;
  json data;  // null = absent
};

/// The wire form of one packet: the text frame, then one binary frame per
/// attachment (in placeholder order).
struct encoded_packet {
  std::string text;
  std::vector<std::string> attachments;
};

/// Encodes a packet. If `data` holds any binary value, an `event`/`ack`
/// becomes `binary_event`/`binary_ack` with `N-` attachments.
/// Pure; thread-safe.
encoded_packet encode(const packet& p);

/// Limits that protect the decoder from hostile input.
struct decoder_limits {
  size_t max_attachments = 64;  // socket.io-parser has none; a sane bound
};

/// Stateful decoder for one connection: text frames start packets, binary
/// frames complete a pending BINARY_EVENT / BINARY_ACK. Invalid input yields
/// an error with code "parse_error" and a message saying what was wrong; the
/// caller then closes the connection (socket.io-protocol: "invalid packet").
/// Not thread-safe: one per connection, used from that connection's loop.
class decoder {
 public:
  explicit decoder(decoder_limits limits = {}) : limits_(limits) {}

  /// A complete packet, nothing yet (binary attachments pending) or an error.
  result<std::optional<packet>> feed_text(std::string_view text);
  result<std::optional<packet>> feed_binary(std::string_view bytes);

  bool awaiting_attachments() const noexcept { return pending_ != nullptr; }

 private:
  decoder_limits limits_;
  // A packet waiting for its binary attachments: rare, so kept off the
  // decoder (one per connection) until one arrives.
  struct awaiting {
    packet p;
    size_t expected = 0;
    std::vector<std::string> attachments;
  };
  std::unique_ptr<awaiting> pending_;
};

/// True for event names a client may not emit (socket.io-parser's
/// RESERVED_EVENTS): connect, connect_error, disconnect, disconnecting,
/// newListener, removeListener.
bool is_reserved_event(std::string_view name);

}  // namespace brigade::socketio
