#include "ws_codec/reader.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

// Under AddressSanitizer (GCC says __SANITIZE_ADDRESS__, clang
// __has_feature) malloc is ASan's, and mallinfo2 sees none of it.
#if defined(__SANITIZE_ADDRESS__)
#define BRIGADE_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BRIGADE_UNDER_ASAN 1
#endif
#endif

#ifdef BRIGADE_UNDER_ASAN
// From <sanitizer/allocator_interface.h>, which GCC 12 does not install.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace brigade::ws {
namespace {

constexpr std::array<uint8_t, 4> kRfcMask{0x37, 0xfa, 0x21, 0x3d};

std::string wire_bytes(std::initializer_list<uint8_t> list) {
  std::string out;
  for (const uint8_t b : list) out += static_cast<char>(b);
  return out;
}

enum class length_form { minimal, sixteen_bit, sixty_four_bit };

// Builds a client frame independently of the code under test: explicit
// header bytes and a bytewise mask (RFC 6455 sections 5.2 and 5.3).
std::string client_frame(uint8_t first_byte, std::string_view payload,
                         length_form form = length_form::minimal,
                         std::array<uint8_t, 4> mask = kRfcMask) {
  std::string out;
  out += static_cast<char>(first_byte);
  const uint64_t n = payload.size();
  if (form == length_form::minimal && n < 126) {
    out += static_cast<char>(0x80 | n);
  } else if (form != length_form::sixty_four_bit && n <= 0xFFFF) {
    out += static_cast<char>(0x80 | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(0x80 | 127);
    for (int i = 7; i >= 0; --i) out += static_cast<char>((n >> (8 * i)) & 0xFF);
  }
  out.append(reinterpret_cast<const char*>(mask.data()), 4);
  for (size_t i = 0; i < payload.size(); ++i) {
    out += static_cast<char>(payload[i] ^ mask[i % 4]);
  }
  return out;
}

constexpr uint8_t kFin = 0x80;
uint8_t first(opcode op, bool fin = true) {
  return static_cast<uint8_t>((fin ? kFin : 0) | static_cast<uint8_t>(op));
}

std::string close_frame(uint16_t code, std::string_view reason = {}) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xFF);
  payload.append(reason);
  return client_frame(first(opcode::close), payload);
}

struct event {
  read_event type;
  std::string message;
  uint16_t code;
  bool operator==(const event&) const = default;
};

std::ostream& operator<<(std::ostream& os, const event& e) {
  return os << "{" << static_cast<int>(e.type) << ", \"" << e.message << "\", " << e.code << "}";
}

// Drains every event the reader can produce now.
void drain(reader& r, std::vector<event>& out) {
  for (;;) {
    const read_event type = r.next();
    if (type == read_event::need_more) return;
    out.push_back({type, std::string(r.message()), r.close_code()});
    if (type == read_event::error) return;
  }
}

std::vector<event> feed_in_chunks(reader& r, std::string_view data, size_t chunk) {
  std::vector<event> out;
  for (size_t i = 0; i < data.size(); i += chunk) {
    r.consume(data.substr(i, chunk));
    drain(r, out);
  }
  return out;
}

// The first event that is not need_more after feeding `data` at once.
read_event first_event(reader& r, std::string_view data) {
  r.consume(data);
  return r.next();
}

// ---------------------------------------------------------------------------
// RFC 6455 section 5.7 examples (the masked forms a client sends).

TEST(WebsocketReader, RfcSingleFrameMaskedText) {
  reader r(1024);
  r.consume(wire_bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_EQ(r.message(), "Hello");
  EXPECT_EQ(r.next(), read_event::need_more);
}

TEST(WebsocketReader, RfcMaskedPong) {
  reader r(1024);
  r.consume(wire_bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  ASSERT_EQ(r.next(), read_event::pong);
  EXPECT_EQ(r.message(), "Hello");
}

TEST(WebsocketReader, RfcFragmentedText) {
  reader r(1024);
  r.consume(client_frame(0x01, "Hel"));
  EXPECT_EQ(r.next(), read_event::need_more);
  r.consume(client_frame(0x80, "lo"));
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_EQ(r.message(), "Hello");
  EXPECT_EQ(r.next(), read_event::need_more);
}

TEST(WebsocketReader, RfcPing) {
  reader r(1024);
  r.consume(client_frame(0x89, "Hello"));
  ASSERT_EQ(r.next(), read_event::ping);
  EXPECT_EQ(r.message(), "Hello");
}

TEST(WebsocketReader, Rfc256ByteBinaryWith16BitLength) {
  std::string payload(256, '\0');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i);
  const std::string frame = client_frame(0x82, payload);
  ASSERT_EQ(frame.substr(0, 4), wire_bytes({0x82, 0xFE, 0x01, 0x00}));
  reader r(1024);
  r.consume(frame);
  ASSERT_EQ(r.next(), read_event::binary);
  EXPECT_EQ(r.message(), payload);
}

TEST(WebsocketReader, Rfc64KiBBinaryWith64BitLength) {
  std::string payload(65536, '\0');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 13);
  const std::string frame = client_frame(0x82, payload);
  ASSERT_EQ(frame.substr(0, 10), wire_bytes({0x82, 0xFF, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}));
  reader r(1 << 20);
  r.consume(frame);
  ASSERT_EQ(r.next(), read_event::binary);
  EXPECT_EQ(r.message(), payload);
}

// ---------------------------------------------------------------------------
// Incremental feeding.

std::string mixed_stream() {
  std::string s;
  s += client_frame(first(opcode::text), "Hello");
  s += client_frame(first(opcode::ping), "p1");
  s += client_frame(first(opcode::binary, false), "ab");
  s += client_frame(first(opcode::ping), "mid");
  s += client_frame(first(opcode::continuation, false), "");
  s += client_frame(first(opcode::pong), "");
  s += client_frame(first(opcode::continuation), "cd");
  s += client_frame(first(opcode::text), std::string(200, 'z'));
  s += client_frame(first(opcode::text), "", length_form::minimal, {0, 0, 0, 0});
  s += close_frame(1000, "done");
  return s;
}

std::vector<event> mixed_stream_events() {
  return {
      {read_event::text, "Hello", 0},  {read_event::ping, "p1", 0},
      {read_event::ping, "mid", 0},    {read_event::pong, "", 0},
      {read_event::binary, "abcd", 0}, {read_event::text, std::string(200, 'z'), 0},
      {read_event::text, "", 0},       {read_event::close, "done", 1000},
  };
}

TEST(WebsocketReader, ByteByByteFeedingYieldsEveryEventInOrder) {
  reader r(1024);
  EXPECT_EQ(feed_in_chunks(r, mixed_stream(), 1), mixed_stream_events());
}

TEST(WebsocketReader, WholeStreamAtOnceYieldsTheSameEvents) {
  reader r(1024);
  EXPECT_EQ(feed_in_chunks(r, mixed_stream(), mixed_stream().size()), mixed_stream_events());
}

TEST(WebsocketReader, EveryChunkSizeYieldsTheSameEvents) {
  const std::string stream = mixed_stream();
  for (size_t chunk = 2; chunk < 40; ++chunk) {
    reader r(1024);
    EXPECT_EQ(feed_in_chunks(r, stream, chunk), mixed_stream_events()) << "chunk " << chunk;
  }
}

TEST(WebsocketReader, ControlFramesBetweenFragmentsDoNotDisturbTheMessage) {
  reader r(1024);
  std::string s;
  s += client_frame(first(opcode::text, false), "frag1 ");
  s += client_frame(first(opcode::ping), "are you there");
  s += client_frame(first(opcode::continuation, false), "frag2 ");
  s += client_frame(first(opcode::pong), "yes");
  s += client_frame(first(opcode::continuation), "frag3");
  const std::vector<event> expected{
      {read_event::ping, "are you there", 0},
      {read_event::pong, "yes", 0},
      {read_event::text, "frag1 frag2 frag3", 0},
  };
  EXPECT_EQ(feed_in_chunks(r, s, s.size()), expected);
}

TEST(WebsocketReader, LargeFrameInChunksNeedsMoreUntilComplete) {
  std::string payload(65536 + 77, '\0');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7);
  const std::string frame = client_frame(first(opcode::binary), payload);
  reader r(1 << 20);
  size_t fed = 0;
  while (fed + 1000 < frame.size()) {
    r.consume(std::string_view(frame).substr(fed, 1000));
    fed += 1000;
    ASSERT_EQ(r.next(), read_event::need_more) << "after " << fed << " bytes";
  }
  r.consume(std::string_view(frame).substr(fed));
  ASSERT_EQ(r.next(), read_event::binary);
  EXPECT_EQ(r.message(), payload);
}

TEST(WebsocketReader, TrailingPartialFrameIsKeptForTheNextConsume) {
  const std::string second = client_frame(first(opcode::text), std::string(300, 'b'));
  reader r(1024);
  r.consume(client_frame(first(opcode::text), "one") + second.substr(0, 100));
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_EQ(r.message(), "one");
  ASSERT_EQ(r.next(), read_event::need_more);
  r.consume(second.substr(100));
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_EQ(r.message(), std::string(300, 'b'));
}

TEST(WebsocketReader, MessageStaysValidUntilTheNextCall) {
  reader r(1024);
  r.consume(client_frame(first(opcode::text), "first") +
            client_frame(first(opcode::text), "second"));
  ASSERT_EQ(r.next(), read_event::text);
  const std::string_view one = r.message();
  r.shrink();  // documented not to invalidate message()
  EXPECT_EQ(one, "first");
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_EQ(r.message(), "second");
}

TEST(WebsocketReader, ShrinkKeepsAPartialFrame) {
  const std::string frame = client_frame(first(opcode::binary), std::string(300, 'q'));
  reader r(1024);
  r.consume(frame.substr(0, 150));
  ASSERT_EQ(r.next(), read_event::need_more);
  r.shrink();
  r.consume(frame.substr(150));
  ASSERT_EQ(r.next(), read_event::binary);
  EXPECT_EQ(r.message(), std::string(300, 'q'));
}

TEST(WebsocketReader, MessageOfExactlyTheLimitIsAccepted) {
  reader r(1000);
  r.consume(client_frame(first(opcode::binary, false), std::string(600, 'a')));
  r.consume(client_frame(first(opcode::continuation), std::string(400, 'b')));
  ASSERT_EQ(r.next(), read_event::binary);
  EXPECT_EQ(r.message().size(), 1000U);
}

TEST(WebsocketReader, ControlFramesDoNotCountTowardsTheLimit) {
  reader r(10);
  r.consume(client_frame(first(opcode::ping), std::string(125, 'p')));
  ASSERT_EQ(r.next(), read_event::ping);
  EXPECT_EQ(r.message().size(), 125U);
}

// ---------------------------------------------------------------------------
// Protocol errors and their close codes (RFC 6455 sections 5.1-5.5, 7.4.1).

struct error_case {
  const char* name;
  std::string data;
  uint16_t code;
};

TEST(WebsocketReader, ProtocolViolationsFailWithTheirCloseCode) {
  std::vector<error_case> cases{
      {"unmasked client frame", wire_bytes({0x81, 0x05, 'H', 'e', 'l', 'l', 'o'}), 1002},
      {"RSV1", client_frame(0xC1, "x"), 1002},
      {"RSV2", client_frame(0xA1, "x"), 1002},
      {"RSV3", client_frame(0x91, "x"), 1002},
      {"ping without FIN", client_frame(first(opcode::ping, false), "x"), 1002},
      {"close without FIN", client_frame(first(opcode::close, false), ""), 1002},
      {"pong without FIN", client_frame(first(opcode::pong, false), ""), 1002},
      {"ping of 126 bytes", client_frame(first(opcode::ping), std::string(126, 'x')), 1002},
      {"close of 200 bytes", client_frame(first(opcode::close), std::string(200, 'x')), 1002},
      {"continuation without a message", client_frame(first(opcode::continuation), "x"), 1002},
      {"non-final continuation without a message",
       client_frame(first(opcode::continuation, false), "x"), 1002},
      {"text inside a fragmented text",
       client_frame(first(opcode::text, false), "a") + client_frame(first(opcode::text), "b"),
       1002},
      {"binary inside a fragmented binary",
       client_frame(first(opcode::binary, false), "a") + client_frame(first(opcode::binary), "b"),
       1002},
      {"non-final text inside a fragmented binary",
       client_frame(first(opcode::binary, false), "a") +
           client_frame(first(opcode::text, false), "b"),
       1002},
      {"16-bit length below 126",
       client_frame(first(opcode::binary), "short", length_form::sixteen_bit), 1002},
      {"64-bit length below 65536",
       client_frame(first(opcode::binary), std::string(300, 'x'), length_form::sixty_four_bit),
       1002},
      {"close with one byte", client_frame(first(opcode::close), "\x03"), 1002},
  };
  for (uint8_t op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
    cases.push_back({"reserved opcode", client_frame(static_cast<uint8_t>(kFin | op), ""), 1002});
  }
  for (const error_case& c : cases) {
    SCOPED_TRACE(c.name);
    reader r(std::numeric_limits<uint64_t>::max());
    ASSERT_EQ(first_event(r, c.data), read_event::error);
    EXPECT_EQ(r.close_code(), c.code);
    EXPECT_FALSE(r.error_reason().empty());
    EXPECT_TRUE(r.message().empty());
  }
}

TEST(WebsocketReader, ContinuationAfterACompletedMessageIsAnError) {
  reader r(1024);
  r.consume(client_frame(first(opcode::text, false), "a") +
            client_frame(first(opcode::continuation), "b") +
            client_frame(first(opcode::continuation), "c"));
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_EQ(r.message(), "ab");
  ASSERT_EQ(r.next(), read_event::error);
  EXPECT_EQ(r.close_code(), 1002);
}

TEST(WebsocketReader, SixtyFourBitLengthWithTopBitSetIs1002) {
  reader r(std::numeric_limits<uint64_t>::max());
  // Only the header: the length alone must be refused.
  r.consume(wire_bytes({0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0x10}));
  ASSERT_EQ(r.next(), read_event::error);
  EXPECT_EQ(r.close_code(), 1002);
}

TEST(WebsocketReader, OversizedFrameIsRefusedFromItsHeaderAlone) {
  {
    reader r(1000);
    // 16-bit length 1001, before the masking key or any payload arrives.
    r.consume(wire_bytes({0x82, 0xFE, 0x03, 0xE9}));
    ASSERT_EQ(r.next(), read_event::error);
    EXPECT_EQ(r.close_code(), 1009);
  }
  {
    reader r(1 << 20);
    // 64-bit length of 1 TiB.
    r.consume(wire_bytes({0x81, 0xFF, 0, 0, 0x01, 0, 0, 0, 0, 0}));
    ASSERT_EQ(r.next(), read_event::error);
    EXPECT_EQ(r.close_code(), 1009);
  }
  {
    reader r(100);
    // 7-bit length 101 with its masking key, no payload.
    r.consume(wire_bytes({0x81, 0x80 | 101, 1, 2, 3, 4}));
    ASSERT_EQ(r.next(), read_event::error);
    EXPECT_EQ(r.close_code(), 1009);
  }
}

TEST(WebsocketReader, OversizedFragmentedMessageIsRefusedAtTheOffendingHeader) {
  reader r(1000);
  r.consume(client_frame(first(opcode::binary, false), std::string(600, 'a')));
  ASSERT_EQ(r.next(), read_event::need_more);
  const std::string next = client_frame(first(opcode::continuation), std::string(401, 'b'));
  r.consume(next.substr(0, 4));  // header up to the length only
  ASSERT_EQ(r.next(), read_event::error);
  EXPECT_EQ(r.close_code(), 1009);
}

TEST(WebsocketReader, ErrorIsStickyAndFurtherInputIsIgnored) {
  reader r(1024);
  ASSERT_EQ(first_event(r, client_frame(0xC1, "x")), read_event::error);
  EXPECT_EQ(r.next(), read_event::error);
  r.consume(client_frame(first(opcode::text), "valid"));
  EXPECT_EQ(r.next(), read_event::error);
  EXPECT_EQ(r.close_code(), 1002);
  EXPECT_TRUE(r.message().empty());
}

// ---------------------------------------------------------------------------
// UTF-8 (RFC 6455 section 8.1, RFC 3629, Unicode table 3-7).

TEST(WebsocketReader, ValidUtf8TextIsAccepted) {
  const std::vector<std::string> valid{
      "",
      "plain ascii that is longer than eight bytes",
      "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5",  // κόσμε
      "\xC2\x80",                                      // U+0080, smallest 2-byte
      "\xDF\xBF",                                      // U+07FF
      "\xE0\xA0\x80",                                  // U+0800, smallest 3-byte
      "\xED\x9F\xBF",                                  // U+D7FF, just below surrogates
      "\xEE\x80\x80",                                  // U+E000, just above surrogates
      "\xEF\xBF\xBF",                                  // U+FFFF
      "\xF0\x90\x80\x80",                              // U+10000, smallest 4-byte
      "\xF4\x8F\xBF\xBF",                              // U+10FFFF, the largest
      "1234567\xE2\x82\xAC"
      "89abcdef",  // euro sign across a word boundary
  };
  for (const std::string& text : valid) {
    SCOPED_TRACE(text);
    reader r(1024);
    ASSERT_EQ(first_event(r, client_frame(first(opcode::text), text)), read_event::text);
    EXPECT_EQ(r.message(), text);
  }
}

const std::vector<std::string>& invalid_utf8() {
  static const std::vector<std::string> invalid{
      "\x80",                      // lone continuation byte
      "\xBF",                      // lone continuation byte
      "\xC0\xAF",                  // overlong '/'
      "\xC1\xBF",                  // overlong
      "\xE0\x80\xAF",              // overlong '/'
      "\xE0\x9F\xBF",              // overlong U+07FF
      "\xF0\x80\x80\xAF",          // overlong '/'
      "\xF0\x8F\xBF\xBF",          // overlong U+FFFF
      "\xED\xA0\x80",              // surrogate U+D800
      "\xED\xBF\xBF",              // surrogate U+DFFF
      "\xED\xA0\x80\xED\xB0\x80",  // surrogate pair encoded as two 3-byte sequences
      "\xF4\x90\x80\x80",          // U+110000
      "\xF5\x80\x80\x80",          // lead byte above F4
      "\xFE",                      // never valid
      "\xFF",                      // never valid
      "\xE2\x82",                  // truncated at the end of the message
      "\xF0\x9F\x98",              // truncated 4-byte sequence
      "\xC3",                      // truncated 2-byte sequence
      "\xC3(",                     // bad continuation byte
      "\xE2\x28\xA1",              // bad second byte
      "\xE2\x82\x28",              // bad third byte
      "\xF0\x9F\x98\x28",          // bad fourth byte
  };
  return invalid;
}

TEST(WebsocketReader, InvalidUtf8TextIsRefusedWith1007) {
  for (const std::string& bad : invalid_utf8()) {
    for (const std::string& prefix :
         {std::string(), std::string("0123456789abcdef"), std::string("\xC3\xA9t\xC3\xA9 ")}) {
      SCOPED_TRACE(::testing::PrintToString(prefix + bad));
      reader r(1024);
      ASSERT_EQ(first_event(r, client_frame(first(opcode::text), prefix + bad)), read_event::error);
      EXPECT_EQ(r.close_code(), 1007);
    }
  }
}

TEST(WebsocketReader, InvalidUtf8InsideAFragmentedTextIsRefusedWith1007) {
  for (const std::string& bad : invalid_utf8()) {
    SCOPED_TRACE(::testing::PrintToString(bad));
    reader r(1024);
    r.consume(client_frame(first(opcode::text, false), "ok "));
    r.consume(client_frame(first(opcode::continuation, false), bad));
    r.consume(client_frame(first(opcode::continuation), " end"));
    ASSERT_EQ(r.next(), read_event::error);
    EXPECT_EQ(r.close_code(), 1007);
  }
}

TEST(WebsocketReader, BinaryMessagesAreNotCheckedForUtf8) {
  reader r(1024);
  ASSERT_EQ(first_event(r, client_frame(first(opcode::binary), "\xFF\xC0\xED\xA0\x80")),
            read_event::binary);
  EXPECT_EQ(r.message(), "\xFF\xC0\xED\xA0\x80");
}

TEST(WebsocketReader, CharacterSplitAcrossFragmentsIsValid) {
  reader r(1024);
  r.consume(client_frame(first(opcode::text, false), "price: \xE2"));
  r.consume(client_frame(first(opcode::continuation, false), "\x82"));
  r.consume(client_frame(first(opcode::continuation), "\xAC 5"));
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_EQ(r.message(), "price: \xE2\x82\xAC 5");
}

TEST(WebsocketReader, TruncatedCharacterAtTheEndOfAFragmentedTextIs1007) {
  reader r(1024);
  r.consume(client_frame(first(opcode::text, false), "abc"));
  r.consume(client_frame(first(opcode::continuation), "\xF0\x9F"));
  ASSERT_EQ(r.next(), read_event::error);
  EXPECT_EQ(r.close_code(), 1007);
}

TEST(WebsocketReader, InvalidUtf8FailsFastBeforeTheMessageIsComplete) {
  {
    reader r(1024);
    r.consume(client_frame(first(opcode::text, false), "ok \xC0\xAF"));
    ASSERT_EQ(r.next(), read_event::error);
    EXPECT_EQ(r.close_code(), 1007);
  }
  {
    // A surrogate whose first byte ended the previous fragment.
    reader r(1024);
    r.consume(client_frame(first(opcode::text, false), "ok \xED"));
    ASSERT_EQ(r.next(), read_event::need_more);
    r.consume(client_frame(first(opcode::continuation, false), "\xA0\x80"));
    ASSERT_EQ(r.next(), read_event::error);
    EXPECT_EQ(r.close_code(), 1007);
  }
}

// ---------------------------------------------------------------------------
// Close frames (RFC 6455 sections 5.5.1, 7.1.5, 7.4).

TEST(WebsocketReader, EmptyCloseReports1005) {
  reader r(1024);
  ASSERT_EQ(first_event(r, client_frame(first(opcode::close), "")), read_event::close);
  EXPECT_EQ(r.close_code(), 1005);
  EXPECT_TRUE(r.message().empty());
}

TEST(WebsocketReader, CloseCarriesCodeAndReason) {
  reader r(1024);
  ASSERT_EQ(first_event(r, close_frame(1001, "going away \xE2\x9C\x93")), read_event::close);
  EXPECT_EQ(r.close_code(), 1001);
  EXPECT_EQ(r.message(), "going away \xE2\x9C\x93");
}

TEST(WebsocketReader, CloseWithALongestReasonIsAccepted) {
  reader r(1024);
  ASSERT_EQ(first_event(r, close_frame(1000, std::string(123, 'r'))), read_event::close);
  EXPECT_EQ(r.message().size(), 123U);
}

TEST(WebsocketReader, ValidCloseCodesAreReported) {
  for (uint16_t code :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
    SCOPED_TRACE(code);
    reader r(1024);
    ASSERT_EQ(first_event(r, close_frame(code)), read_event::close);
    EXPECT_EQ(r.close_code(), code);
  }
}

TEST(WebsocketReader, InvalidCloseCodesAre1002) {
  for (uint16_t code :
       {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    SCOPED_TRACE(code);
    reader r(1024);
    ASSERT_EQ(first_event(r, close_frame(code, "x")), read_event::error);
    EXPECT_EQ(r.close_code(), 1002);
  }
}

TEST(WebsocketReader, CloseReasonMustBeUtf8) {
  reader r(1024);
  ASSERT_EQ(first_event(r, close_frame(1000, "bad \xED\xA0\x80")), read_event::error);
  EXPECT_EQ(r.close_code(), 1007);
}

// ---------------------------------------------------------------------------
// Memory: an idle reader keeps no more than a small buffer, and none after
// shrink(); a large message's memory is returned without shrink().

// glibc's mallinfo2 counts chunks parked in the per-thread cache (up to 1032
// bytes) as in use, so the buffers measured here are all larger than that.
size_t heap_in_use() {
#ifdef BRIGADE_UNDER_ASAN
  return __sanitizer_get_current_allocated_bytes();
#else
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

TEST(WebsocketReader, IdleReaderReleasesItsMemory) {
  // Small enough to be kept for reuse (<= 4 KiB), large enough to measure.
  const std::string small = client_frame(first(opcode::text), std::string(2000, 's'));
  const std::string big = client_frame(first(opcode::binary), std::string(65536, 'b'));
  std::string fragmented;
  fragmented += client_frame(first(opcode::binary, false), std::string(10000, '1'));
  fragmented += client_frame(first(opcode::continuation, false), std::string(10000, '2'));
  fragmented += client_frame(first(opcode::continuation), std::string(10000, '3'));

  reader r(1 << 20);
  const size_t baseline = heap_in_use();

  r.consume(small);
  ASSERT_EQ(r.next(), read_event::text);
  EXPECT_GT(heap_in_use(), baseline);
  ASSERT_EQ(r.next(), read_event::need_more);
  EXPECT_LE(heap_in_use() - baseline, 4096U + 64U);  // a small buffer kept for reuse
  r.shrink();
  EXPECT_EQ(heap_in_use(), baseline);

  r.consume(big);
  ASSERT_EQ(r.next(), read_event::binary);
  EXPECT_GT(heap_in_use(), baseline + 65536);
  ASSERT_EQ(r.next(), read_event::need_more);
  EXPECT_EQ(heap_in_use(), baseline);

  r.consume(fragmented);
  ASSERT_EQ(r.next(), read_event::binary);
  EXPECT_EQ(r.message().size(), 30000U);
  ASSERT_EQ(r.next(), read_event::need_more);
  EXPECT_EQ(heap_in_use(), baseline);
}

TEST(WebsocketReader, FailedReaderHoldsNoMemory) {
  reader r(1 << 20);
  const std::string partial = client_frame(first(opcode::binary), std::string(50000, 'x'));
  const std::string bad = client_frame(0xC1, "x");
  const size_t baseline = heap_in_use();
  r.consume(std::string_view(partial).substr(0, 20000));
  ASSERT_EQ(r.next(), read_event::need_more);
  EXPECT_GT(heap_in_use(), baseline + 20000);
  r.shrink();
  r.consume(std::string_view(partial).substr(20000));
  r.consume(bad);
  ASSERT_EQ(r.next(), read_event::binary);
  ASSERT_EQ(r.next(), read_event::error);
  EXPECT_EQ(heap_in_use(), baseline);
}

}  // namespace
}  // namespace brigade::ws
