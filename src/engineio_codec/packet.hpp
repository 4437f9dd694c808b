#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace brigade::engineio {

/// Engine.IO v4 packet types (engine.io-protocol v4, "Packet").
enum class packet_type : uint8_t { open = 0, close = 1, ping = 2, pong = 3, message = 4, upgrade = 5, noop = 6 };

/// One decoded Engine.IO packet. `binary` is only ever true for `message`;
/// `data` then holds the raw bytes, otherwise the text after the type digit.
/// Plain value type.
struct packet {
  packet_type type = packet_type::message;
  bool binary = false;
  std::string data;

  friend bool operator==(const packet&, const packet&) = default;
};

/// Pure codec for Engine.IO v4: no I/O, no allocation beyond the results.
/// All functions are thread-safe.

/// The record separator joining packets in a long-polling payload.
inline constexpr char kRecordSeparator = '\x1e';

/// Decodes a text packet as found in a WebSocket text frame or in one
/// segment of a polling payload: a type digit 0-6 followed by data, or `b`
/// followed by base64 for a binary message (polling only, accepted anywhere).
/// Errors (code "parse_error"): empty input, unknown type, bad base64.
result<packet> decode_text_packet(std::string_view text);

/// A WebSocket binary frame is a binary message packet with no prefix.
packet decode_binary_frame(std::string_view bytes);

/// Decodes a polling POST body: packets joined by `\x1e`. Fails as a whole
/// (code "parse_error") if any segment is invalid or the body is empty.
result<std::vector<packet>> decode_payload(std::string_view body);

/// Appends the text form of a packet for a WebSocket text frame or a polling
/// segment: the type digit then the data. For a binary message appends
/// `b` + base64 (the polling form); on WebSocket send binary data raw instead.
void encode_packet_append(const packet& p, std::string& out);
std::string encode_packet(const packet& p);

/// Joins packets into a polling GET response body with `\x1e`.
std::string encode_payload(const std::vector<packet>& packets);

/// The `open` packet's JSON: {"sid","upgrades","pingInterval","pingTimeout","maxPayload"}.
struct handshake {
  std::string sid;
  std::vector<std::string> upgrades;
  uint32_t ping_interval_ms = 25000;
  uint32_t ping_timeout_ms = 20000;
  uint64_t max_payload = 1000000;
};
/// Returns `0{...}` ready to send as the first packet.
std::string encode_open_packet(const handshake& h);

}  // namespace brigade::engineio
