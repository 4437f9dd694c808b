#include "socketio_codec/packet.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace brigade::socketio {
namespace {

using namespace std::string_literals;

json bin(std::vector<uint8_t> bytes) {
  return json::binary(std::move(bytes));
}

packet make(packet_type type, std::string nsp, std::optional<uint64_t> id, json data) {
  packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.id = id;
  p.data = std::move(data);
  return p;
}

// Feeds one complete text frame that must decode to a packet on its own.
packet decode_ok(std::string_view text) {
  decoder d;
  auto r = d.feed_text(text);
  EXPECT_TRUE(r.ok()) << "input: " << text << " error: " << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return {};
  EXPECT_TRUE(r->has_value()) << "input: " << text;
  EXPECT_FALSE(d.awaiting_attachments());
  if (!r->has_value()) return {};
  return std::move(**r);
}

// Feeds one text frame that must be rejected.
brigade::error decode_err(std::string_view text, decoder_limits limits = {}) {
  decoder d(limits);
  auto r = d.feed_text(text);
  EXPECT_FALSE(r.ok()) << "accepted: " << text;
  EXPECT_FALSE(d.awaiting_attachments()) << "input: " << text;
  if (r.ok()) return {};
  EXPECT_EQ(r.error().code, "parse_error") << "input: " << text;
  EXPECT_FALSE(r.error().message.empty());
  return r.error();
}

// Feeds every frame of an encoded packet; the last must produce the packet.
packet decode_frames(decoder& d, const encoded_packet& e) {
  auto r = d.feed_text(e.text);
  EXPECT_TRUE(r.ok()) << e.text << ": " << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return {};
  if (e.attachments.empty()) {
    EXPECT_TRUE(r->has_value());
    return r->has_value() ? std::move(**r) : packet{};
  }
  EXPECT_FALSE(r->has_value());
  EXPECT_TRUE(d.awaiting_attachments());
  for (size_t i = 0; i < e.attachments.size(); ++i) {
    auto b = d.feed_binary(e.attachments[i]);
    EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error().message);
    if (!b.ok()) return {};
    if (i + 1 < e.attachments.size()) {
      EXPECT_FALSE(b->has_value());
      EXPECT_TRUE(d.awaiting_attachments());
    } else {
      EXPECT_TRUE(b->has_value());
      EXPECT_FALSE(d.awaiting_attachments());
      if (b->has_value()) return std::move(**b);
    }
  }
  return {};
}

void expect_same(const packet& a, const packet& b) {
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.nsp, b.nsp);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.data, b.data) << a.data.dump() << " vs " << b.data.dump();
}

std::string placeholder(int n) {
  return R"({"_placeholder":true,"num":)" + std::to_string(n) + "}";
}

// ------------------------------------------------------------------ encode
// Expected strings are the examples of socket.io-protocol v5, "Packet encoding".

TEST(SocketioEncode, ConnectMainNamespaceWithoutAuthIsJustZero) {
  auto e = encode(make(packet_type::connect, "/", std::nullopt, nullptr));
  EXPECT_EQ(e.text, "0");
  EXPECT_TRUE(e.attachments.empty());
}

TEST(SocketioEncode, ConnectWithPayload) {
  EXPECT_EQ(
      encode(make(packet_type::connect, "/", std::nullopt, {{"sid", "wZX3oN0bSVIhsaknAAAI"}})).text,
      R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})");
  EXPECT_EQ(encode(make(packet_type::connect, "/admin", std::nullopt, nullptr)).text, "0/admin,");
  EXPECT_EQ(
      encode(make(packet_type::connect, "/admin", std::nullopt, {{"sid", "oSO0OpakMV_3jnilAAAA"}}))
          .text,
      R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})");
}

TEST(SocketioEncode, EmptyNamespaceIsTheMainNamespace) {
  EXPECT_EQ(encode(make(packet_type::event, "", std::nullopt, json::array({"a"}))).text,
            R"(2["a"])");
}

TEST(SocketioEncode, Disconnect) {
  EXPECT_EQ(encode(make(packet_type::disconnect, "/", std::nullopt, nullptr)).text, "1");
  EXPECT_EQ(encode(make(packet_type::disconnect, "/admin", std::nullopt, nullptr)).text,
            "1/admin,");
}

TEST(SocketioEncode, Event) {
  EXPECT_EQ(encode(make(packet_type::event, "/", std::nullopt, json::array({"foo"}))).text,
            R"(2["foo"])");
  EXPECT_EQ(encode(make(packet_type::event, "/admin", std::nullopt, json::array({"bar"}))).text,
            R"(2/admin,["bar"])");
  EXPECT_EQ(encode(make(packet_type::event, "/", 12, json::array({"foo"}))).text, R"(212["foo"])");
  EXPECT_EQ(encode(make(packet_type::event, "/admin", 13, json::array({"foo"}))).text,
            R"(2/admin,13["foo"])");
}

TEST(SocketioEncode, Ack) {
  EXPECT_EQ(encode(make(packet_type::ack, "/", 12, json::array())).text, "312[]");
  EXPECT_EQ(encode(make(packet_type::ack, "/admin", 13, json::array({"bar"}))).text,
            R"(3/admin,13["bar"])");
}

TEST(SocketioEncode, ConnectError) {
  EXPECT_EQ(
      encode(make(packet_type::connect_error, "/", std::nullopt, {{"message", "Not authorized"}}))
          .text,
      R"(4{"message":"Not authorized"})");
  auto with_data = encode(make(packet_type::connect_error, "/kitchen", std::nullopt,
                               {{"message", "forbidden"}, {"data", {{"code", "auth"}}}}));
  EXPECT_EQ(with_data.text, R"(4/kitchen,{"message":"forbidden","data":{"code":"auth"}})");
  EXPECT_EQ(encode(make(packet_type::connect_error, "/", std::nullopt, "nope")).text, R"(4"nope")");
}

TEST(SocketioEncode, BinaryEventOneAttachment) {
  auto e =
      encode(make(packet_type::event, "/", std::nullopt, json::array({"baz", bin({1, 2, 3, 4})})));
  EXPECT_EQ(e.text, R"(51-["baz",{"_placeholder":true,"num":0}])");
  ASSERT_EQ(e.attachments.size(), 1u);
  EXPECT_EQ(e.attachments[0], "\x01\x02\x03\x04"s);
}

TEST(SocketioEncode, BinaryEventSeveralAttachmentsWithNamespace) {
  auto e = encode(make(packet_type::event, "/admin", std::nullopt,
                       json::array({"baz", bin({1, 2}), bin({3, 4})})));
  EXPECT_EQ(e.text,
            R"(52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
  ASSERT_EQ(e.attachments.size(), 2u);
  EXPECT_EQ(e.attachments[0], "\x01\x02"s);
  EXPECT_EQ(e.attachments[1], "\x03\x04"s);
}

TEST(SocketioEncode, BinaryEventWithAckIdAndBinaryAck) {
  EXPECT_EQ(encode(make(packet_type::event, "/", 14, json::array({"foo", bin({1})}))).text,
            R"(51-14["foo",{"_placeholder":true,"num":0}])");
  auto ack = encode(make(packet_type::ack, "/", 15, json::array({"bar", bin({1, 2, 3, 4})})));
  EXPECT_EQ(ack.text, R"(61-15["bar",{"_placeholder":true,"num":0}])");
  ASSERT_EQ(ack.attachments.size(), 1u);
  EXPECT_EQ(ack.attachments[0], "\x01\x02\x03\x04"s);
}

TEST(SocketioEncode, NestedBinariesAreNumberedInOutputOrder) {
  // json is ordered_json: keys keep insertion order, as in JavaScript, and
  // placeholders are numbered depth-first in that order ("b" before "a").
  json data =
      json::array({"upload", {{"b", {{"c", json::array({bin({1}), bin({2})})}}}, {"a", bin({3})}}});
  auto e = encode(make(packet_type::event, "/", std::nullopt, data));
  EXPECT_EQ(e.text, "53-[\"upload\",{\"b\":{\"c\":[" + placeholder(0) + "," + placeholder(1) +
                        "]},\"a\":" + placeholder(2) + "}]");
  ASSERT_EQ(e.attachments.size(), 3u);
  EXPECT_EQ(e.attachments[0], "\x01"s);
  EXPECT_EQ(e.attachments[1], "\x02"s);
  EXPECT_EQ(e.attachments[2], "\x03"s);
}

TEST(SocketioEncode, EmptyBinaryIsStillAnAttachment) {
  auto e = encode(make(packet_type::event, "/", std::nullopt, json::array({"x", bin({})})));
  EXPECT_EQ(e.text, "51-[\"x\"," + placeholder(0) + "]");
  ASSERT_EQ(e.attachments.size(), 1u);
  EXPECT_TRUE(e.attachments[0].empty());
}

TEST(SocketioEncode, BinaryTypeWithoutBinaryIsSentPlain) {
  // "50-" would leave socket.io-parser's decoder stuck in reconstruction mode.
  EXPECT_EQ(encode(make(packet_type::binary_event, "/", std::nullopt, json::array({"a"}))).text,
            R"(2["a"])");
  EXPECT_EQ(encode(make(packet_type::binary_ack, "/", 3, json::array())).text, "33[]");
}

TEST(SocketioEncode, InvalidUtf8DoesNotThrow) {
  auto e = encode(make(packet_type::event, "/", std::nullopt, json::array({"a", "\xff\xfe"})));
  EXPECT_EQ(e.text, "2[\"a\",\"\xEF\xBF\xBD\xEF\xBF\xBD\"]");
}

TEST(SocketioEncode, PayloadTextIsExactlyWhatDumpProduces) {
  // encode() has its own JSON writer; it must agree with nlohmann byte for byte.
  const std::vector<json> payloads = {
      json::array({"a"}),
      json::array({"esc", "quote\" backslash\\ slash/ \b\f\n\r\t \x01\x1f\x7f end", ""}),
      json::array({"utf8", "é ü ñ 中文 😀 \xEF\xBF\xBF \xF4\x8F\xBF\xBF"}),
      json::array({"bad utf8",
                   "a\xff"
                   "b",
                   "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "trunc\xE2\x82"}),
      json::array({"numbers", 0, -1, 42, INT64_MIN, INT64_MAX, UINT64_MAX, 0.1, -0.0, 3.0, 1e20,
                   1e-7, 87.5, 1.7976931348623157e308, 5e-324}),
      json::array({"non-finite", std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity()}),
      json::array({"literals", nullptr, true, false, json::array(), json::object()}),
      json::array({"keys",
                   {{"", 1},
                    {"k\"ey\n", 2},
                    {"\xff", 3},
                    {"z", {{"a", json::array({1, {{"b", nullptr}}})}}}}}),
      json::array({1.5, 2}),
  };
  for (const auto& data : payloads) {
    const std::string expected = "2" + data.dump(-1, ' ', false, json::error_handler_t::replace);
    EXPECT_EQ(encode(make(packet_type::event, "/", std::nullopt, data)).text, expected);
  }
  // Other packet types go through the same writer.
  json auth = {{"token", "t\u00e9\n"}, {"n", 1.25}};
  EXPECT_EQ(encode(make(packet_type::connect, "/a", std::nullopt, auth)).text,
            "0/a," + auth.dump());
}

TEST(SocketioEncode, BinaryOutsideEventsIsDumpedNotExtracted) {
  // Only EVENT/ACK carry attachments (socket.io-parser's encode()); anything
  // else is written as nlohmann writes binary values.
  json data = {{"blob", bin({1, 2})}};
  auto e = encode(make(packet_type::connect, "/", std::nullopt, data));
  EXPECT_TRUE(e.attachments.empty());
  EXPECT_EQ(e.text, "0" + data.dump());
}

TEST(SocketioEncode, LargeAckIdAndUnicode) {
  EXPECT_EQ(encode(make(packet_type::ack, "/", 9007199254740991ull, json::array({"é"}))).text,
            "39007199254740991[\"é\"]");
}

// ------------------------------------------------------------------ decode

TEST(SocketioDecode, ConnectMainNamespace) {
  auto p = decode_ok("0");
  EXPECT_EQ(p.type, packet_type::connect);
  EXPECT_EQ(p.nsp, "/");
  EXPECT_FALSE(p.id.has_value());
  EXPECT_TRUE(p.data.is_null());
}

TEST(SocketioDecode, ConnectWithAuth) {
  auto p = decode_ok(R"(0{"token":"123"})");
  EXPECT_EQ(p.type, packet_type::connect);
  EXPECT_EQ(p.nsp, "/");
  EXPECT_EQ(p.data, json({{"token", "123"}}));

  auto q = decode_ok(R"(0/custom,{"token":"abc"})");
  EXPECT_EQ(q.nsp, "/custom");
  EXPECT_EQ(q.data, json({{"token", "abc"}}));
}

TEST(SocketioDecode, NamespaceWithAndWithoutTrailingComma) {
  EXPECT_EQ(decode_ok("0/admin,").nsp, "/admin");
  // socket.io-protocol test suite sends "40/random" and "41/custom" without the comma.
  auto p = decode_ok("0/random");
  EXPECT_EQ(p.nsp, "/random");
  EXPECT_TRUE(p.data.is_null());
  auto d = decode_ok("1/custom");
  EXPECT_EQ(d.type, packet_type::disconnect);
  EXPECT_EQ(d.nsp, "/custom");
}

TEST(SocketioDecode, Disconnect) {
  auto p = decode_ok("1");
  EXPECT_EQ(p.type, packet_type::disconnect);
  EXPECT_EQ(p.nsp, "/");
  EXPECT_EQ(decode_ok("1/admin,").nsp, "/admin");
}

TEST(SocketioDecode, Event) {
  auto p = decode_ok(R"(2["message",1,"2",{"3":[true]}])");
  EXPECT_EQ(p.type, packet_type::event);
  EXPECT_EQ(p.nsp, "/");
  EXPECT_FALSE(p.id.has_value());
  EXPECT_EQ(p.data, json::parse(R"(["message",1,"2",{"3":[true]}])"));
}

TEST(SocketioDecode, EventWithAckIdAndNamespace) {
  auto p = decode_ok(R"(2456["message-with-ack",1,"2",{"3":[false]}])");
  EXPECT_EQ(p.id, 456u);
  EXPECT_EQ(p.data[0], "message-with-ack");

  auto q = decode_ok(R"(2/admin,13["foo"])");
  EXPECT_EQ(q.nsp, "/admin");
  EXPECT_EQ(q.id, 13u);
  EXPECT_EQ(q.data, json::array({"foo"}));
}

TEST(SocketioDecode, AckIdEdgeCases) {
  EXPECT_EQ(decode_ok(R"(20["a"])").id, 0u);
  EXPECT_EQ(decode_ok(R"(2007["a"])").id, 7u);  // Number("007") === 7
  EXPECT_EQ(decode_ok(R"(29007199254740991["a"])").id, 9007199254740991ull);
}

TEST(SocketioDecode, NumericEventNameIsAllowedLikeTheReferenceParser) {
  auto p = decode_ok("2[1,2]");
  EXPECT_EQ(p.type, packet_type::event);
  EXPECT_EQ(p.data, json::array({1, 2}));
}

TEST(SocketioDecode, Ack) {
  auto p = decode_ok("312[]");
  EXPECT_EQ(p.type, packet_type::ack);
  EXPECT_EQ(p.id, 12u);
  EXPECT_EQ(p.data, json::array());

  auto q = decode_ok(R"(3/admin,13["bar"])");
  EXPECT_EQ(q.nsp, "/admin");
  EXPECT_EQ(q.id, 13u);
  EXPECT_EQ(q.data, json::array({"bar"}));
}

TEST(SocketioDecode, ConnectError) {
  auto p = decode_ok(R"(4/kitchen,{"message":"forbidden","data":{"code":"auth"}})");
  EXPECT_EQ(p.type, packet_type::connect_error);
  EXPECT_EQ(p.nsp, "/kitchen");
  EXPECT_EQ(p.data["message"], "forbidden");
  EXPECT_EQ(p.data["data"]["code"], "auth");
  EXPECT_EQ(decode_ok(R"(4"boom")").data, "boom");
}

TEST(SocketioDecode, BinaryEventOneAttachment) {
  decoder d;
  auto r = d.feed_text("51-[\"baz\"," + placeholder(0) + "]");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->has_value());
  EXPECT_TRUE(d.awaiting_attachments());

  auto b = d.feed_binary("\x01\x02\x03\x04"s);
  ASSERT_TRUE(b.ok()) << b.error().message;
  ASSERT_TRUE(b->has_value());
  EXPECT_FALSE(d.awaiting_attachments());
  const packet& p = **b;
  EXPECT_EQ(p.type, packet_type::event);  // BINARY_* exists only on the wire
  EXPECT_EQ(p.data, json::array({"baz", bin({1, 2, 3, 4})}));
}

TEST(SocketioDecode, BinaryEventSeveralNestedAttachmentsInAnyOrder) {
  decoder d;
  // num 1 appears before num 0 in the text: the num, not the position, decides.
  auto r = d.feed_text("53-/admin,789[\"upload\",{\"meta\":{\"parts\":[" + placeholder(1) + "," +
                       placeholder(2) + "]}}," + placeholder(0) + "]");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->has_value());
  auto b0 = d.feed_binary("zero");
  ASSERT_TRUE(b0.ok());
  EXPECT_FALSE(b0->has_value());
  auto b1 = d.feed_binary("one");
  ASSERT_TRUE(b1.ok());
  EXPECT_FALSE(b1->has_value());
  EXPECT_TRUE(d.awaiting_attachments());
  auto b2 = d.feed_binary(std::string_view("t\0o", 3));
  ASSERT_TRUE(b2.ok());
  ASSERT_TRUE(b2->has_value());
  const packet& p = **b2;
  EXPECT_EQ(p.type, packet_type::event);
  EXPECT_EQ(p.nsp, "/admin");
  EXPECT_EQ(p.id, 789u);
  EXPECT_EQ(p.data[2], bin({'z', 'e', 'r', 'o'}));
  EXPECT_EQ(p.data[1]["meta"]["parts"][0], bin({'o', 'n', 'e'}));
  EXPECT_EQ(p.data[1]["meta"]["parts"][1], bin({'t', 0, 'o'}));
}

TEST(SocketioDecode, BinaryAck) {
  decoder d;
  auto r = d.feed_text("61-15[\"bar\"," + placeholder(0) + "]");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->has_value());
  auto b = d.feed_binary("\x01\x02"s);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->has_value());
  EXPECT_EQ((*b)->type, packet_type::ack);
  EXPECT_EQ((*b)->id, 15u);
  EXPECT_EQ((*b)->data, json::array({"bar", bin({1, 2})}));
}

TEST(SocketioDecode, BinaryWithZeroAttachmentsCompletesImmediately) {
  decoder d;
  auto r = d.feed_text(R"(50-["a"])");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->type, packet_type::event);
  EXPECT_FALSE(d.awaiting_attachments());
  // Unlike socket.io-parser, the decoder is not left in reconstruction mode.
  auto next = d.feed_text(R"(2["b"])");
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->has_value());
}

TEST(SocketioDecode, DecoderIsReusableAfterABinaryPacket) {
  decoder d;
  ASSERT_TRUE(d.feed_text("51-[\"a\"," + placeholder(0) + "]").ok());
  ASSERT_TRUE(d.feed_binary("x").ok());
  auto r = d.feed_text("51-[\"b\"," + placeholder(0) + "]");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  auto b = d.feed_binary("y");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->has_value());
  EXPECT_EQ((*b)->data, json::array({"b", bin({'y'})}));
}

TEST(SocketioDecode, AttachmentLimitIsConfigurable) {
  decoder d(decoder_limits{.max_attachments = 2});
  auto r = d.feed_text("52-[\"a\"," + placeholder(0) + "," + placeholder(1) + "]");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(d.awaiting_attachments());
  auto err =
      decode_err("53-[\"a\"," + placeholder(0) + "," + placeholder(1) + "," + placeholder(2) + "]",
                 decoder_limits{.max_attachments = 2});
  EXPECT_NE(err.message.find("too many attachments"), std::string::npos) << err.message;
}

TEST(SocketioDecode, BracketsInsideStringsDoNotCountTowardsDepth) {
  const std::string deep_text(500, '[');
  auto p = decode_ok("2[\"a\",\"" + deep_text + "\\\"" + std::string(500, '{') + "\"]");
  EXPECT_EQ(p.data[1], deep_text + "\"" + std::string(500, '{'));
}

TEST(SocketioDecode, DepthScanTracksStringBoundariesAtEveryAlignment) {
  // The scan skips string content 8 bytes at a time; escapes may fall
  // anywhere in a block.
  for (size_t k = 0; k < 20; ++k) {
    SCOPED_TRACE(k);
    const std::string pad(k, 'x');
    // An escaped quote does not end the string: the brackets stay inside it.
    decode_ok("2[\"a\",\"" + pad + "\\\"" + std::string(80, '[') + "\"]");
    // An escaped backslash does not escape the closing quote: these brackets are real.
    decode_err("2[\"a\",\"" + pad + "\\\\\"," + std::string(80, '[') + std::string(80, ']') + "]");
  }
}

TEST(SocketioDecode, ModeratelyNestedPayloadIsAccepted) {
  const int depth = 60;
  std::string text =
      "2[\"a\"," + std::string(depth - 1, '[') + "1" + std::string(depth - 1, ']') + "]";
  auto p = decode_ok(text);
  EXPECT_EQ(p.data.size(), 2u);
}

// ---------------------------------------------------------------- round trips

TEST(SocketioRoundTrip, EveryPacketType) {
  const std::vector<packet> packets = {
      make(packet_type::connect, "/", std::nullopt, nullptr),
      make(packet_type::connect, "/kitchen", std::nullopt, {{"token", "t"}, {"station", 3}}),
      make(packet_type::disconnect, "/", std::nullopt, nullptr),
      make(packet_type::disconnect, "/waiter", std::nullopt, nullptr),
      make(packet_type::event, "/", std::nullopt,
           json::array({"order:new", {{"id", 42}, {"total", 12.5}}})),
      make(packet_type::event, "/kitchen", 7, json::array({"ticket:bump", nullptr, true, "ü"})),
      make(packet_type::ack, "/", 0, json::array()),
      make(packet_type::ack, "/kitchen", 123456, json::array({{{"ok", true}}})),
      make(packet_type::connect_error, "/", std::nullopt, {{"message", "Not authorized"}}),
      make(packet_type::connect_error, "/admin", std::nullopt,
           {{"message", "forbidden"}, {"data", {{"code", "role"}}}}),
      make(packet_type::connect_error, "/", std::nullopt, "string reason"),
      make(packet_type::event, "/", std::nullopt, json::array({"photo", bin({0, 255, 10, 13})})),
      make(packet_type::event, "/media", 99,
           json::array({"multi",
                        {{"x", bin({1})}, {"y", json::array({bin({2}), "s", bin({})})}},
                        bin({3, 3})})),
      make(packet_type::ack, "/", 5, json::array({bin({9, 9, 9})})),
      make(packet_type::ack, "/admin", 6, json::array({"ok", {{"thumb", bin({7})}}})),
  };
  decoder d;  // one decoder across all packets, like one connection
  for (const auto& original : packets) {
    SCOPED_TRACE(original.data.dump());
    auto encoded = encode(original);
    auto decoded = decode_frames(d, encoded);
    expect_same(decoded, original);
    EXPECT_FALSE(d.awaiting_attachments());
  }
}

TEST(SocketioRoundTrip, CanonicalWireTextSurvivesDecodeThenEncode) {
  // Key order included: json is ordered_json, so a client's object comes
  // back out exactly as it went in.
  const std::vector<std::string> texts = {
      "0",
      R"(0{"token":"123","role":"kitchen"})",
      "0/admin,",
      "1/admin,",
      R"(2["foo"])",
      R"(2/admin,13["foo",{"z":1,"a":[true,null,1.5,"\u0001\n"]}])",
      "312[]",
      R"(3/admin,13["bar"])",
      R"(4{"message":"Not authorized","data":{"reason":"expired"}})",
      R"(4"plain reason")",
  };
  for (const auto& text : texts) {
    auto p = decode_ok(text);
    EXPECT_EQ(encode(p).text, text);
  }
  const std::vector<std::string> binary_texts = {
      "51-[\"baz\"," + placeholder(0) + "]",
      "52-/admin,789[\"m\",{\"y\":" + placeholder(0) + ",\"x\":[" + placeholder(1) + "]}]",
      "61-15[\"bar\"," + placeholder(0) + "]",
  };
  for (const auto& text : binary_texts) {
    decoder d;
    ASSERT_TRUE(d.feed_text(text).ok()) << text;
    std::optional<packet> p;
    while (d.awaiting_attachments()) {
      auto b = d.feed_binary("\x01\x02");
      ASSERT_TRUE(b.ok());
      if (b->has_value()) p = std::move(**b);
    }
    ASSERT_TRUE(p.has_value());
    auto e = encode(*p);
    EXPECT_EQ(e.text, text);
    for (const auto& a : e.attachments) EXPECT_EQ(a, "\x01\x02");
  }
}

TEST(SocketioRoundTrip, LargeBinaryAttachment) {
  std::vector<uint8_t> bytes(64 * 1024);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 31 + 7);
  auto original = make(packet_type::event, "/", 1, json::array({"blob", bin(bytes)}));
  auto encoded = encode(original);
  ASSERT_EQ(encoded.attachments.size(), 1u);
  EXPECT_EQ(encoded.attachments[0].size(), bytes.size());
  decoder d;
  expect_same(decode_frames(d, encoded), original);
}

// -------------------------------------------------------------- malformed input

TEST(SocketioMalformed, EmptyAndUnknownType) {
  decode_err("");
  EXPECT_NE(decode_err("7").message.find("unknown packet type"), std::string::npos);
  decode_err(R"(7["a"])");
  decode_err(R"(9["a"])");
  decode_err("a");
  decode_err(R"( 2["a"])");
  decode_err("abc");  // socket.io-protocol test suite: "4abc" after the Engine.IO prefix
}

TEST(SocketioMalformed, Truncated) {
  decode_err("2[");
  decode_err(R"(2["a")");
  decode_err(R"(2["a",{"b":)");
  EXPECT_NE(decode_err("51-").message.find("non-empty array"), std::string::npos);
  decode_err("5");
  decode_err("51");
  decode_err("6");
  decode_err("0{");
  decode_err("4{\"message\"");
}

TEST(SocketioMalformed, InvalidJsonPayload) {
  EXPECT_NE(decode_err(R"(2["a"]x)").message.find("not valid JSON"), std::string::npos);
  decode_err(R"(2['a'])");
  decode_err("2[\"\xff\"]");                    // invalid UTF-8
  decode_err(R"(2abc["message-with-ack",1])");  // test suite: "invalid ack id"
  decode_err(R"(2admin,["a"])");                // namespace must start with '/'
}

TEST(SocketioMalformed, EventPayloadTypes) {
  decode_err("2{}");  // test suite: "invalid payload format"
  decode_err("2[]");
  decode_err("2");
  decode_err("2/admin,");
  decode_err(R"(2"a")");
  decode_err("2null");
  decode_err("212");
  decode_err("2[null]");
  decode_err("2[{}]");
  decode_err("2[[\"a\"]]");
  decode_err("2[true]");
  EXPECT_NE(decode_err("2{}").message.find("EVENT"), std::string::npos);
}

TEST(SocketioMalformed, ReservedEventNames) {
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
                           "removeListener"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(is_reserved_event(name));
    auto err = decode_err("2[\""s + name + "\",1]");
    EXPECT_NE(err.message.find("reserved"), std::string::npos) << err.message;
    decode_err("51-[\""s + name + "\"," + placeholder(0) + "]");
  }
  EXPECT_FALSE(is_reserved_event("order:new"));
  EXPECT_FALSE(is_reserved_event("Connect"));
  EXPECT_FALSE(is_reserved_event(""));
}

TEST(SocketioMalformed, AckRules) {
  EXPECT_NE(decode_err("3").message.find("ack id"), std::string::npos);
  EXPECT_NE(decode_err("3[]").message.find("ack id"), std::string::npos);
  decode_err("3/admin,[\"a\"]");
  decode_err("312");    // id but no payload
  decode_err("312{}");  // payload not an array
  decode_err(R"(312"a")");
  decode_err("61-[" + placeholder(0) + "]");  // binary ack without id
  decode_err("61-3{\"a\":" + placeholder(0) + "}");
}

TEST(SocketioMalformed, ConnectDisconnectConnectErrorRules) {
  decode_err("0[]");
  decode_err(R"(0"token")");
  decode_err("0null");
  decode_err("0/admin,[]");
  decode_err("05{}");  // ack id on CONNECT
  decode_err("1[]");
  decode_err("1{}");
  decode_err("1/admin,{}");
  decode_err("13");
  decode_err("4");
  decode_err("4[]");
  decode_err("4null");
  decode_err("412{\"message\":\"x\"}");  // ack id on CONNECT_ERROR
}

TEST(SocketioMalformed, AckIdBounds) {
  EXPECT_NE(decode_err(R"(212345678901234567["a"])").message.find("ack id"),
            std::string::npos);                       // 17 digits
  decode_err(R"(29007199254740992["a"])");            // 2^53, beyond what a JS peer holds exactly
  decode_err(R"(299999999999999999999999999["a"])");  // would overflow uint64
  decode_err("3" + std::string(10000, '9') + "[]");
}

TEST(SocketioMalformed, AttachmentCount) {
  decode_err(R"(5-["a"])");   // empty count
  decode_err(R"(5a-["a"])");  // non-digit
  decode_err(R"(51a-["a"])");
  decode_err(R"(5-1-["a"])");
  decode_err(R"(51["a"])");  // missing '-'
  EXPECT_NE(decode_err("565-[\"a\"]").message.find("too many attachments"), std::string::npos);
  decode_err(R"(599999999999999999999-["a"])");  // digits overflow
  decode_err("5" + std::string(5000, '1') + "-[\"a\"]");
}

TEST(SocketioMalformed, BadPlaceholders) {
  // num out of range
  EXPECT_NE(decode_err("51-[\"a\"," + placeholder(1) + "]").message.find("out of range"),
            std::string::npos);
  decode_err("52-[\"a\"," + placeholder(0) + "," + placeholder(7) + "]");
  // negative, fractional, string num
  decode_err(R"(51-["a",{"_placeholder":true,"num":-1}])");
  decode_err(R"(51-["a",{"_placeholder":true,"num":0.5}])");
  decode_err(R"(51-["a",{"_placeholder":true,"num":"0"}])");
  decode_err(R"(51-["a",{"_placeholder":true,"num":null}])");
  // duplicate
  EXPECT_NE(decode_err("52-[\"a\"," + placeholder(0) + "," + placeholder(0) + "]")
                .message.find("duplicate"),
            std::string::npos);
  // missing: fewer placeholders than attachments
  EXPECT_NE(decode_err("52-[\"a\"," + placeholder(1) + "]").message.find("attachment 0"),
            std::string::npos);
  decode_err(R"(51-["a"])");
  // malformed placeholder objects
  decode_err(R"(51-["a",{"_placeholder":true}])");
  decode_err(R"(51-["a",{"_placeholder":true,"num":0,"extra":1}])");
  // a placeholder in a zero-attachment packet
  decode_err("50-[\"a\"," + placeholder(0) + "]");
  // the event name itself may not be a placeholder
  decode_err("51-[" + placeholder(0) + "]");
}

TEST(SocketioMalformed, PlaceholderLookalikesArePlainDataOutsideBinaryPackets) {
  // socket.io-parser only reconstructs BINARY_* packets; in an EVENT the
  // object is application data.
  auto p = decode_ok("2[\"a\"," + placeholder(0) + "]");
  EXPECT_EQ(p.data[1]["_placeholder"], true);
  // And an object whose _placeholder is not `true` is ordinary data even in a binary packet.
  decoder d;
  auto r = d.feed_text("51-[\"a\",{\"_placeholder\":false,\"num\":9}," + placeholder(0) + "]");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto b = d.feed_binary("z");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->has_value());
  EXPECT_EQ((**b).data[1], json({{"_placeholder", false}, {"num", 9}}));
  EXPECT_EQ((**b).data[2], bin({'z'}));
}

TEST(SocketioMalformed, BinaryFrameWithNothingPending) {
  decoder d;
  auto r = d.feed_binary("\x01\x02"s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "parse_error");
  EXPECT_NE(r.error().message.find("binary frame"), std::string::npos);

  // Also after a packet has completed.
  ASSERT_TRUE(d.feed_text("51-[\"a\"," + placeholder(0) + "]").ok());
  ASSERT_TRUE(d.feed_binary("x").ok());
  auto extra = d.feed_binary("y");
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().code, "parse_error");
}

TEST(SocketioMalformed, TextFrameWhileAttachmentsPending) {
  decoder d;
  ASSERT_TRUE(d.feed_text("52-[\"a\"," + placeholder(0) + "," + placeholder(1) + "]").ok());
  ASSERT_TRUE(d.feed_binary("first").ok());
  EXPECT_TRUE(d.awaiting_attachments());
  auto r = d.feed_text(R"(2["b"])");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "parse_error");
  EXPECT_NE(r.error().message.find("pending"), std::string::npos);
  // The half-built packet is dropped; the state is clean again.
  EXPECT_FALSE(d.awaiting_attachments());
  auto stray = d.feed_binary("second");
  EXPECT_FALSE(stray.ok());
}

TEST(SocketioMalformed, DeeplyNestedPayloadIsRejectedBeforeParsing) {
  auto err = decode_err("2[\"a\"," + std::string(100000, '[') + std::string(100000, ']') + "]");
  EXPECT_NE(err.message.find("nested"), std::string::npos) << err.message;
  decode_err("0" + std::string(70, '{'));
  decode_err("2[\"a\"," + std::string(65, '[') + std::string(65, ']') + "]");
}

TEST(SocketioMalformed, RandomMutationsNeverCrashAndOnlyYieldParseErrors) {
  const std::vector<std::string> seeds = {
      "0",
      R"(0/admin,{"token":"abc"})",
      "1/admin,",
      R"(2/admin,13["foo",{"a":[1,2,{"b":null}]}])",
      "312[]",
      R"(4{"message":"x","data":{"y":1}})",
      "52-/admin,789[\"m\"," + placeholder(0) + ",{\"k\":" + placeholder(1) + "}]",
      "61-15[\"bar\"," + placeholder(0) + "]",
  };
  const std::string alphabet = "0123456789-/,[]{}\":_abcnumplaceholdertrue\\ \xff";
  std::mt19937 rng(20240517);
  size_t accepted = 0;
  size_t rejected = 0;
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string text = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t pos = text.empty() ? 0 : rng() % (text.size() + 1);
      switch (rng() % 3) {
        case 0:
          text.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
        case 1:
          if (pos < text.size()) text.erase(pos, 1);
          break;
        default:
          if (pos < text.size()) text[pos] = alphabet[rng() % alphabet.size()];
          break;
      }
    }
    decoder d(decoder_limits{.max_attachments = 8});
    auto r = d.feed_text(text);
    if (!r.ok()) {
      ++rejected;
      ASSERT_EQ(r.error().code, "parse_error") << text;
      ASSERT_FALSE(d.awaiting_attachments());
      continue;
    }
    ++accepted;
    while (d.awaiting_attachments()) {
      auto b = d.feed_binary("bin");
      ASSERT_TRUE(b.ok()) << text;
      if (b->has_value()) {
        // A decoded packet re-encodes and decodes to itself.
        decoder again;
        auto e = encode(**b);
        auto back = decode_frames(again, e);
        expect_same(back, **b);
      }
    }
    if (r->has_value()) {
      decoder again;
      expect_same(decode_frames(again, encode(**r)), **r);
    }
  }
  EXPECT_GT(accepted, 100u);
  EXPECT_GT(rejected, 1000u);
}

}  // namespace
}  // namespace brigade::socketio
