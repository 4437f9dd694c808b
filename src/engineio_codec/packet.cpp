// Engine.IO protocol v4 codec (https://socket.io/docs/v4/engine-io-protocol/,
// repository socketio/engine.io-protocol): section "Packet" for the text form
// `<type digit><data>`, section "HTTP long-polling" for payloads joined by
// the record separator 0x1e and binary packets sent as `b<base64>`.
#include "engineio_codec/packet.hpp"

#include <charconv>
#include <utility>

#include "common/base64.hpp"
#include "common/json_string.hpp"

namespace brigade::engineio {
namespace {

constexpr char kBinaryPrefix = 'b';

constexpr char type_digit(packet_type type) noexcept {
  return static_cast<char>('0' + static_cast<uint8_t>(type));
}

error parse_error(std::string message) {
  return make_error("parse_error", std::move(message));
}

// Printable form of an offending byte for error messages: a client may send
// any byte, and control characters would garble a log line.
std::string describe_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string{'\'', c, '\''};
  constexpr char kHex[] = "0123456789abcdef";
  return std::string{'0', 'x', kHex[u >> 4], kHex[u & 0xf]};
}

enum class segment_fault : uint8_t { none, empty, unknown_type, bad_base64 };

// Shared by decode_text_packet and decode_payload. Decodes straight into
// `out` (a payload decodes into its vector's slots, no intermediate result);
// error text is only built by describe() on the failure path.
segment_fault decode_into(std::string_view text, packet& out) {
  if (text.empty()) return segment_fault::empty;
  const char head = text.front();
  if (head == kBinaryPrefix) {
    // v4 binary over polling: `b` then base64 of the raw bytes, no type digit
    // (v3 wrote `b4...`; only a message may carry binary).
    auto bytes = base64_decode(text.substr(1));
    if (!bytes) return segment_fault::bad_base64;
    out.type = packet_type::message;
    out.binary = true;
    out.data = std::move(*bytes);
    return segment_fault::none;
  }
  if (head < '0' || head > '6') return segment_fault::unknown_type;
  out.type = static_cast<packet_type>(head - '0');
  out.binary = false;
  out.data.assign(text.data() + 1, text.size() - 1);
  return segment_fault::none;
}

std::string describe(segment_fault fault, std::string_view text) {
  switch (fault) {
    case segment_fault::empty:
      return "empty packet";
    case segment_fault::unknown_type:
      return "unknown packet type " + describe_byte(text.front());
    case segment_fault::bad_base64:
      return "invalid base64 in binary packet";
    case segment_fault::none:
      break;
  }
  return "no error";
}

void append_uint(uint64_t value, std::string& out) {
  char buffer[20];  // 2^64 - 1 has 20 decimal digits.
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)ec;  // Cannot fail: the buffer fits every uint64_t.
  out.append(buffer, end);
}

size_t encoded_size(const packet& p) noexcept {
  if (p.binary) return 1 + (p.data.size() + 2) / 3 * 4;
  return 1 + p.data.size();
}

}  // namespace

result<packet> decode_text_packet(std::string_view text) {
  packet p;
  const segment_fault fault = decode_into(text, p);
  if (fault != segment_fault::none) return parse_error(describe(fault, text));
  return p;
}

packet decode_binary_frame(std::string_view bytes) {
  return packet{packet_type::message, true, std::string(bytes)};
}

result<std::vector<packet>> decode_payload(std::string_view body) {
  if (body.empty()) return parse_error("empty payload");
  // Count segments first so the vector allocates once; find() is memchr, far
  // faster than a byte loop over a large body.
  size_t segments = 1;
  for (size_t at = body.find(kRecordSeparator); at != std::string_view::npos;
       at = body.find(kRecordSeparator, at + 1)) {
    ++segments;
  }
  std::vector<packet> packets(segments);

  for (size_t index = 0; index < segments; ++index) {
    const size_t end = body.find(kRecordSeparator);
    const std::string_view segment = body.substr(0, end);
    const segment_fault fault = decode_into(segment, packets[index]);
    if (fault == segment_fault::empty) {
      // Two separators in a row, or one at the start or end: the reference
      // parser (engine.io-parser decodePayload) fails on these too.
      return parse_error("segment " + std::to_string(index) +
                         ": empty packet (leading, trailing or doubled separator)");
    }
    if (fault != segment_fault::none) {
      return parse_error("segment " + std::to_string(index) + ": " + describe(fault, segment));
    }
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
  }
  return packets;
}

void encode_packet_append(const packet& p, std::string& out) {
  out.reserve(out.size() + encoded_size(p));
  if (p.binary) {
    out += kBinaryPrefix;
    base64_encode_append(p.data, out);
    return;
  }
  out += type_digit(p.type);
  out += p.data;
}

std::string encode_packet(const packet& p) {
  std::string out;
  encode_packet_append(p, out);
  return out;
}

std::string encode_payload(const std::vector<packet>& packets) {
  std::string out;
  if (packets.empty()) return out;
  size_t total = packets.size() - 1;  // separators
  for (const auto& p : packets) total += encoded_size(p);
  out.reserve(total);
  bool first = true;
  for (const auto& p : packets) {
    if (!first) out += kRecordSeparator;
    first = false;
    encode_packet_append(p, out);
  }
  return out;
}

std::string encode_open_packet(const handshake& h) {
  std::string out;
  // Fixed text plus numbers (at most 10 + 10 + 20 digits) plus the strings.
  size_t size = 96 + h.sid.size();
  for (const auto& u : h.upgrades) size += u.size() + 3;
  out.reserve(size);
  out += type_digit(packet_type::open);
  out += "{\"sid\":";
  append_json_string(out, h.sid);
  out += ",\"upgrades\":[";
  for (size_t i = 0; i < h.upgrades.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, h.upgrades[i]);
  }
  out += "],\"pingInterval\":";
  append_uint(h.ping_interval_ms, out);
  out += ",\"pingTimeout\":";
  append_uint(h.ping_timeout_ms, out);
  out += ",\"maxPayload\":";
  append_uint(h.max_payload, out);
  out += '}';
  return out;
}

}  // namespace brigade::engineio
