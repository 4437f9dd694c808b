// Engine.IO v4 codec (src/engineio_codec/packet.hpp) on arbitrary bytes.
//
// The input is fed, whole, to the three decoders (text packet, binary frame,
// polling payload). Properties checked, each a trap when broken:
//   - a decoded text packet re-encodes to the input byte for byte, except a
//     `b<base64>` message whose base64 the encoder may write canonically;
//     either way decode(encode(p)) == p;
//   - a binary frame keeps its bytes and encodes to `b<base64>` that decodes
//     back to them;
//   - a decoded payload re-encodes to a payload that decodes to the same
//     packets, and has as many packets as separators + 1;
//   - the open packet is `0` + JSON that parses back to the same values when
//     the strings are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engineio_codec/packet.hpp"
#include "fuzz_support.hpp"

namespace eio = brigade::engineio;
using brigade::fuzz::check;
using brigade::fuzz::is_valid_utf8;

namespace {

void text_packet(std::string_view input) {
  const auto decoded = eio::decode_text_packet(input);
  if (!decoded) {
    check(decoded.error().code == "parse_error");
    return;
  }
  const eio::packet& p = *decoded;
  check(!p.binary || p.type == eio::packet_type::message);
  const std::string encoded = eio::encode_packet(p);
  if (!p.binary) check(encoded == input);
  const auto again = eio::decode_text_packet(encoded);
  check(again.ok() && *again == p);
}

void binary_frame(std::string_view input) {
  const eio::packet p = eio::decode_binary_frame(input);
  check(p.binary && p.type == eio::packet_type::message && p.data == input);
  const std::string encoded = eio::encode_packet(p);
  check(!encoded.empty() && encoded.front() == 'b');
  const auto again = eio::decode_text_packet(encoded);
  check(again.ok() && *again == p);
}

void payload(std::string_view input) {
  const auto decoded = eio::decode_payload(input);
  if (!decoded) {
    check(decoded.error().code == "parse_error");
    return;
  }
  size_t separators = 0;
  for (const char c : input) separators += c == eio::kRecordSeparator;
  check(decoded->size() == separators + 1);
  const std::string encoded = eio::encode_payload(*decoded);
  const auto again = eio::decode_payload(encoded);
  check(again.ok() && *again == *decoded);
  // A payload of text packets only is re-encoded exactly.
  bool any_binary = false;
  for (const auto& p : *decoded) any_binary |= p.binary;
  if (!any_binary) check(encoded == input);
}

// Splits the input on NUL into a sid and upgrade names.
void open_packet(std::string_view input) {
  eio::handshake h;
  size_t at = input.find('\0');
  h.sid = std::string(input.substr(0, at));
  while (at != std::string_view::npos && h.upgrades.size() < 8) {
    input.remove_prefix(at + 1);
    at = input.find('\0');
    h.upgrades.emplace_back(input.substr(0, at));
  }
  h.ping_interval_ms = static_cast<uint32_t>(h.sid.size() * 2654435761u);
  h.max_payload = uint64_t{h.ping_interval_ms} << 32 | h.upgrades.size();

  const std::string encoded = eio::encode_open_packet(h);
  check(encoded.size() > 1 && encoded.front() == '0');
  bool strings_valid = is_valid_utf8(h.sid);
  for (const auto& u : h.upgrades) strings_valid = strings_valid && is_valid_utf8(u);
  const auto json = nlohmann::json::parse(encoded.begin() + 1, encoded.end(), nullptr,
                                          /*allow_exceptions=*/false);
  if (!strings_valid) return;  // documented: callers supply valid UTF-8
  check(json.is_object() && json.size() == 5);
  for (const char* key : {"sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"})
    check(json.contains(key));
  check(json.at("sid") == h.sid);
  check(json.at("upgrades") == h.upgrades);
  check(json.at("pingInterval") == h.ping_interval_ms);
  check(json.at("pingTimeout") == h.ping_timeout_ms);
  check(json.at("maxPayload") == h.max_payload);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  text_packet(input);
  binary_frame(input);
  payload(input);
  open_packet(input);
  return 0;
}
