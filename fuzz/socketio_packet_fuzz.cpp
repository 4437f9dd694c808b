// Socket.IO v5 codec (src/socketio_codec/packet.hpp) on arbitrary frame sequences.
//
// Input: frames separated by NUL bytes. A frame starting with 0x01 is a
// binary frame (the bytes after the 0x01), any other a text frame; they are
// fed in order to one decoder, as one connection would. Seeds:
// corpus/socketio_packet_fuzz/.
//
// Properties, each a trap when broken:
//   - every error is a "parse_error" and leaves no attachment pending;
//   - a decoded packet is EVENT, ACK or a control type (never BINARY_*), has
//     a namespace starting with '/', an ack id only on EVENT/ACK, and data
//     nested no deeper than the decoder's limit (64);
//   - encode(p) decodes, with its attachments, back to p (non-finite numbers
//     read as null, as JSON.stringify writes them), and encoding that packet
//     again gives the same text and attachments.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "socketio_codec/packet.hpp"

namespace sio = brigade::socketio;
using brigade::fuzz::check;

namespace {

constexpr size_t kMaxJsonDepth = 64;  // src/socketio_codec/packet.cpp

size_t depth(const sio::json& value) {
  size_t deepest = 0;
  if (value.is_array() || value.is_object()) {
    for (const auto& element : value) deepest = std::max(deepest, depth(element));
    return deepest + 1;
  }
  return 0;
}

// `decoded` is what the decoder made of `original`'s encoding: equal, except
// that a NaN or infinity is written (and so read back) as null.
bool same(const sio::json& original, const sio::json& decoded) {
  if (original.is_number_float() && !std::isfinite(original.get<double>()))
    return decoded.is_null();
  if (original.is_array()) {
    if (!decoded.is_array() || decoded.size() != original.size()) return false;
    for (size_t i = 0; i < original.size(); ++i) {
      if (!same(original[i], decoded[i])) return false;
    }
    return true;
  }
  if (original.is_object()) {
    if (!decoded.is_object() || decoded.size() != original.size()) return false;
    auto it = decoded.begin();
    for (const auto& [key, element] : original.items()) {
      if (it.key() != key || !same(element, it.value())) return false;
      ++it;
    }
    return true;
  }
  return original == decoded;
}

sio::packet decode_encoded(const sio::encoded_packet& wire) {
  sio::decoder decoder;
  auto first = decoder.feed_text(wire.text);
  check(first.ok());
  if (wire.attachments.empty()) {
    check(first->has_value() && !decoder.awaiting_attachments());
    return std::move(**first);
  }
  check(!first->has_value() && decoder.awaiting_attachments());
  for (size_t i = 0; i < wire.attachments.size(); ++i) {
    auto next = decoder.feed_binary(wire.attachments[i]);
    check(next.ok());
    if (i + 1 < wire.attachments.size()) {
      check(!next->has_value() && decoder.awaiting_attachments());
    } else {
      check(next->has_value() && !decoder.awaiting_attachments());
      return std::move(**next);
    }
  }
  __builtin_trap();
}

void round_trip(const sio::packet& p) {
  using type = sio::packet_type;
  check(p.type != type::binary_event && p.type != type::binary_ack);
  check(!p.nsp.empty() && p.nsp.front() == '/');
  check(!p.id || p.type == type::event || p.type == type::ack);
  check(depth(p.data) <= kMaxJsonDepth);

  const sio::encoded_packet wire = sio::encode(p);
  const sio::packet q = decode_encoded(wire);
  check(q.type == p.type && q.nsp == p.nsp && q.id == p.id && same(p.data, q.data));

  const sio::encoded_packet again = sio::encode(q);
  check(again.text == wire.text && again.attachments == wire.attachments);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  sio::decoder decoder;
  for (;;) {
    const size_t end = input.find('\0');
    const std::string_view frame = input.substr(0, end);
    const bool binary = !frame.empty() && frame.front() == '\x01';
    auto decoded = binary ? decoder.feed_binary(frame.substr(1)) : decoder.feed_text(frame);
    if (!decoded) {
      check(decoded.error().code == "parse_error" && !decoder.awaiting_attachments());
    } else if (decoded->has_value()) {
      check(!decoder.awaiting_attachments());
      round_trip(**decoded);
    } else {
      check(decoder.awaiting_attachments());
    }
    if (!binary) (void)sio::is_reserved_event(frame);
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
