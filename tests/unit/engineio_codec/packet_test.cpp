#include "engineio_codec/packet.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace brigade::engineio {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

// Every byte value once, for binary round trips.
std::string all_bytes() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  return bytes;
}

void expect_parse_error(const result<packet>& r, std::string_view needle) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "parse_error");
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
}

void expect_parse_error(const result<std::vector<packet>>& r, std::string_view needle) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "parse_error");
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
}

// ---- decode_text_packet: every type -------------------------------------

struct type_case {
  char digit;
  packet_type type;
};

class packet_type_test : public ::testing::TestWithParam<type_case> {};

TEST_P(packet_type_test, decodes_type_without_data) {
  const auto [digit, type] = GetParam();
  const auto r = decode_text_packet(std::string(1, digit));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->type, type);
  EXPECT_FALSE(r->binary);
  EXPECT_EQ(r->data, "");
}

TEST_P(packet_type_test, decodes_type_with_data) {
  const auto [digit, type] = GetParam();
  const auto r = decode_text_packet(std::string(1, digit) + "probe");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->type, type);
  EXPECT_FALSE(r->binary);
  EXPECT_EQ(r->data, "probe");
}

TEST_P(packet_type_test, encodes_type_digit_then_data) {
  const auto [digit, type] = GetParam();
  EXPECT_EQ(encode_packet(packet{type, false, ""}), std::string(1, digit));
  EXPECT_EQ(encode_packet(packet{type, false, "probe"}), std::string(1, digit) + "probe");
}

TEST_P(packet_type_test, round_trips) {
  const auto [digit, type] = GetParam();
  const packet original{type, false, "data with spaces, \"quotes\" and \\ backslash"};
  const auto r = decode_text_packet(encode_packet(original));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, original);
}

INSTANTIATE_TEST_SUITE_P(
    all_types, packet_type_test,
    ::testing::Values(type_case{'0', packet_type::open}, type_case{'1', packet_type::close},
                      type_case{'2', packet_type::ping}, type_case{'3', packet_type::pong},
                      type_case{'4', packet_type::message}, type_case{'5', packet_type::upgrade},
                      type_case{'6', packet_type::noop}),
    [](const auto& info) { return std::string(1, info.param.digit); });

TEST(engineio_packet, decodes_ping_probe_as_in_spec) {
  // engine.io-protocol v4 "Upgrade": client sends 2probe, server answers 3probe.
  const auto r = decode_text_packet("2probe");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (packet{packet_type::ping, false, "probe"}));
  EXPECT_EQ(encode_packet(packet{packet_type::pong, false, "probe"}), "3probe");
}

TEST(engineio_packet, decodes_socketio_event_message) {
  const auto r = decode_text_packet(R"(42["order:created",{"id":17}])");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type, packet_type::message);
  EXPECT_EQ(r->data, R"(2["order:created",{"id":17}])");
}

TEST(engineio_packet, keeps_utf8_text_byte_for_byte) {
  const std::string text = "4caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8d\x95 \xe5\x8e\xa8\xe6\x88\xbf";
  const auto r = decode_text_packet(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data, text.substr(1));
  EXPECT_EQ(encode_packet(*r), text);
}

TEST(engineio_packet, keeps_embedded_nul_and_digits_in_data) {
  const std::string text =
      "4\0\x01"
      "0123"s;
  const auto r = decode_text_packet(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data,
            "\0\x01"
            "0123"s);
  EXPECT_EQ(r->data.size(), 6u);
}

// ---- binary --------------------------------------------------------------

TEST(engineio_packet, decodes_binary_base64_as_message) {
  // engine.io-protocol v4 "HTTP long-polling": binary is `b` + base64, no type.
  const auto r = decode_text_packet("bAQIDBA==");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->type, packet_type::message);
  EXPECT_TRUE(r->binary);
  EXPECT_EQ(r->data, "\x01\x02\x03\x04"s);
}

TEST(engineio_packet, decodes_empty_binary) {
  const auto r = decode_text_packet("b");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->binary);
  EXPECT_EQ(r->data, "");
}

TEST(engineio_packet, encodes_binary_as_b_base64) {
  EXPECT_EQ(encode_packet(packet{packet_type::message, true, "\x01\x02\x03\x04"s}), "bAQIDBA==");
  EXPECT_EQ(encode_packet(packet{packet_type::message, true, ""}), "b");
  EXPECT_EQ(encode_packet(packet{packet_type::message, true, "hello"}), "baGVsbG8=");
}

TEST(engineio_packet, binary_round_trips_every_byte) {
  const packet original{packet_type::message, true, all_bytes()};
  const std::string encoded = encode_packet(original);
  EXPECT_EQ(encoded.front(), 'b');
  EXPECT_EQ(encoded.size(), 1 + 344u);  // ceil(256 / 3) * 4
  const auto r = decode_text_packet(encoded);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, original);
}

TEST(engineio_packet, binary_frame_is_raw_message) {
  const std::string bytes =
      "\x00\xff\x1e"
      "4b"s;
  const packet p = decode_binary_frame(bytes);
  EXPECT_EQ(p.type, packet_type::message);
  EXPECT_TRUE(p.binary);
  EXPECT_EQ(p.data, bytes);
}

TEST(engineio_packet, empty_binary_frame_is_empty_message) {
  const packet p = decode_binary_frame({});
  EXPECT_TRUE(p.binary);
  EXPECT_EQ(p.data, "");
}

// ---- malformed packets -----------------------------------------------------

TEST(engineio_packet, rejects_empty) {
  expect_parse_error(decode_text_packet(""), "empty");
}

TEST(engineio_packet, rejects_type_7) {
  expect_parse_error(decode_text_packet("7"), "unknown packet type '7'");
}

TEST(engineio_packet, rejects_letter_type) {
  expect_parse_error(decode_text_packet("xhello"), "unknown packet type 'x'");
}

TEST(engineio_packet, rejects_v3_style_or_uppercase_binary_prefix) {
  expect_parse_error(decode_text_packet("BAQID"), "unknown packet type 'B'");
  // v3 wrote `b4<base64>`; in v4 the 4 is not base64-aligned here: "4AQID" has
  // length 5, which no base64 text can have.
  expect_parse_error(decode_text_packet("b4AQID"), "base64");
}

TEST(engineio_packet, names_control_byte_type_in_hex) {
  expect_parse_error(decode_text_packet("\x1e"
                                        "4"),
                     "0x1e");
  expect_parse_error(decode_text_packet("\xff"), "0xff");
  expect_parse_error(decode_text_packet("\0"sv), "0x00");
}

TEST(engineio_packet, rejects_bad_base64) {
  expect_parse_error(decode_text_packet("b!!!"), "invalid base64");
  expect_parse_error(decode_text_packet("bAQID BA=="), "invalid base64");
  expect_parse_error(decode_text_packet("bAQ-_"), "invalid base64");  // base64url alphabet
}

TEST(engineio_packet, rejects_truncated_base64) {
  // One character left over carries 6 bits: not a whole byte.
  expect_parse_error(decode_text_packet("bAQIDB"), "invalid base64");
  expect_parse_error(decode_text_packet("bA"), "invalid base64");
  // Padding that does not complete a 4-character group.
  expect_parse_error(decode_text_packet("bAQIDBA="), "invalid base64");
}

TEST(engineio_packet, accepts_unpadded_base64) {
  const auto r = decode_text_packet("bAQIDBA");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data, "\x01\x02\x03\x04"s);
}

// ---- payloads ------------------------------------------------------------

TEST(engineio_payload, decodes_single_packet) {
  const auto r = decode_payload("4hello");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0], (packet{packet_type::message, false, "hello"}));
}

TEST(engineio_payload, decodes_spec_example) {
  // engine.io-protocol v4 "HTTP long-polling" example: 4hello\x1e2\x1e4world.
  const auto r = decode_payload(
      "4hello\x1e"
      "2\x1e"
      "4world");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0], (packet{packet_type::message, false, "hello"}));
  EXPECT_EQ((*r)[1], (packet{packet_type::ping, false, ""}));
  EXPECT_EQ((*r)[2], (packet{packet_type::message, false, "world"}));
}

TEST(engineio_payload, decodes_mixed_text_and_binary) {
  const auto r = decode_payload(
      "4hello\x1e"
      "bAQIDBA==");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_FALSE((*r)[0].binary);
  EXPECT_TRUE((*r)[1].binary);
  EXPECT_EQ((*r)[1].data, "\x01\x02\x03\x04"s);
}

TEST(engineio_payload, encodes_spec_example) {
  const std::vector<packet> packets{{packet_type::message, false, "hello"},
                                    {packet_type::ping, false, ""},
                                    {packet_type::message, true, "\x01\x02\x03\x04"s}};
  EXPECT_EQ(encode_payload(packets),
            "4hello\x1e"
            "2\x1e"
            "bAQIDBA==");
}

TEST(engineio_payload, encodes_single_packet_without_separator) {
  EXPECT_EQ(encode_payload({packet{packet_type::noop, false, ""}}), "6");
}

TEST(engineio_payload, encodes_empty_list_as_empty_body) {
  EXPECT_EQ(encode_payload({}), "");
}

TEST(engineio_payload, round_trips_all_types_and_binary) {
  std::vector<packet> packets;
  for (int t = 0; t <= 6; ++t) {
    packets.push_back(packet{static_cast<packet_type>(t), false, "p" + std::to_string(t)});
  }
  packets.push_back(packet{packet_type::message, true, all_bytes()});
  packets.push_back(packet{packet_type::message, false, ""});
  packets.push_back(packet{packet_type::message, true, ""});
  const auto r = decode_payload(encode_payload(packets));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, packets);
}

TEST(engineio_payload, rejects_empty_body) {
  expect_parse_error(decode_payload(""), "empty");
}

TEST(engineio_payload, rejects_empty_segment_in_middle) {
  expect_parse_error(decode_payload("4a\x1e\x1e"
                                    "4b"),
                     "segment 1: empty packet");
}

TEST(engineio_payload, rejects_trailing_separator) {
  expect_parse_error(decode_payload("4a\x1e"), "segment 1: empty packet");
}

TEST(engineio_payload, rejects_leading_separator) {
  expect_parse_error(decode_payload("\x1e"
                                    "4a"),
                     "segment 0: empty packet");
}

TEST(engineio_payload, rejects_lone_separator) {
  expect_parse_error(decode_payload("\x1e"), "segment 0");
}

TEST(engineio_payload, rejects_whole_body_if_one_segment_is_bad) {
  expect_parse_error(decode_payload("4a\x1e"
                                    "4b\x1e"
                                    "9c"),
                     "segment 2: unknown packet type '9'");
  expect_parse_error(decode_payload("4a\x1e"
                                    "b!!!"),
                     "segment 1: invalid base64");
}

TEST(engineio_payload, large_payload_round_trips) {
  std::vector<packet> packets;
  for (int i = 0; i < 1000; ++i) {
    packets.push_back(
        packet{packet_type::message, (i % 3) == 0,
               std::string(static_cast<size_t>(i % 97) + 1, static_cast<char>('a' + i % 26))});
  }
  const std::string body = encode_payload(packets);
  const auto r = decode_payload(body);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), packets.size());
  EXPECT_EQ(*r, packets);
}

TEST(engineio_packet, large_text_and_binary_round_trip) {
  std::string text(1 << 20, 'x');
  text[12345] = '\x7f';
  const packet big_text{packet_type::message, false, text};
  const auto r1 = decode_text_packet(encode_packet(big_text));
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(*r1, big_text);

  std::string bytes;
  bytes.reserve(1 << 20);
  for (size_t i = 0; i < (1u << 20) + 1; ++i) bytes += static_cast<char>(i * 131 % 256);
  const packet big_binary{packet_type::message, true, bytes};
  const std::string encoded = encode_packet(big_binary);
  EXPECT_EQ(encoded.size(), 1 + (bytes.size() + 2) / 3 * 4);
  const auto r2 = decode_text_packet(encoded);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(*r2, big_binary);
}

TEST(engineio_packet, encode_packet_append_appends_without_clearing) {
  std::string out = "prefix|";
  encode_packet_append(packet{packet_type::message, false, "a"}, out);
  encode_packet_append(packet{packet_type::message, true, "\xff"s}, out);
  EXPECT_EQ(out, "prefix|4ab/w==");
}

// ---- open packet -----------------------------------------------------------

TEST(engineio_open, encodes_exact_spec_shape) {
  handshake h;
  h.sid = "lv_VI97HAXpY6yYWAAAC";
  h.upgrades = {"websocket"};
  EXPECT_EQ(encode_open_packet(h),
            R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],)"
            R"("pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
}

TEST(engineio_open, json_parses_back_with_exact_keys) {
  handshake h;
  h.sid = "abc123";
  h.upgrades = {"websocket", "webtransport"};
  h.ping_interval_ms = 300;
  h.ping_timeout_ms = 200;
  h.max_payload = 1ull << 40;
  const std::string encoded = encode_open_packet(h);
  ASSERT_FALSE(encoded.empty());
  EXPECT_EQ(encoded.front(), '0');
  const auto json = nlohmann::json::parse(encoded.substr(1));
  ASSERT_TRUE(json.is_object());
  EXPECT_EQ(json.size(), 5u);
  EXPECT_EQ(json.at("sid"), "abc123");
  EXPECT_EQ(json.at("upgrades"), nlohmann::json::array({"websocket", "webtransport"}));
  EXPECT_EQ(json.at("pingInterval"), 300);
  EXPECT_EQ(json.at("pingTimeout"), 200);
  EXPECT_EQ(json.at("maxPayload").get<uint64_t>(), 1ull << 40);
}

TEST(engineio_open, decodes_as_open_packet) {
  handshake h;
  h.sid = "s";
  const auto r = decode_text_packet(encode_open_packet(h));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type, packet_type::open);
  EXPECT_EQ(r->data.front(), '{');
}

TEST(engineio_open, empty_upgrades_is_empty_array) {
  handshake h;
  h.sid = "x";
  const auto json = nlohmann::json::parse(encode_open_packet(h).substr(1));
  EXPECT_TRUE(json.at("upgrades").is_array());
  EXPECT_TRUE(json.at("upgrades").empty());
}

TEST(engineio_open, escapes_sid_for_json) {
  handshake h;
  h.sid = "q\"b\\s/\n\r\t\b\f\x01\x1f\x7f caf\xc3\xa9"s;
  h.upgrades = {"we\"b"};
  const std::string encoded = encode_open_packet(h);
  // No raw control character may appear inside a JSON string.
  for (const char c : encoded) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << encoded;
  const auto json = nlohmann::json::parse(encoded.substr(1));
  EXPECT_EQ(json.at("sid").get<std::string>(), h.sid);
  EXPECT_EQ(json.at("upgrades").at(0).get<std::string>(), "we\"b");
}

TEST(engineio_open, extreme_numbers) {
  handshake h;
  h.sid = "x";
  h.ping_interval_ms = 0;
  h.ping_timeout_ms = UINT32_MAX;
  h.max_payload = UINT64_MAX;
  const auto json = nlohmann::json::parse(encode_open_packet(h).substr(1));
  EXPECT_EQ(json.at("pingInterval").get<uint64_t>(), 0u);
  EXPECT_EQ(json.at("pingTimeout").get<uint64_t>(), UINT32_MAX);
  EXPECT_EQ(json.at("maxPayload").get<uint64_t>(), UINT64_MAX);
}

}  // namespace
}  // namespace brigade::engineio
