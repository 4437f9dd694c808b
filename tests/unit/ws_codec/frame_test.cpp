#include "ws_codec/frame.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "ws_codec/reader.hpp"

namespace brigade::ws {
namespace {

std::string bytes(std::initializer_list<uint8_t> list) {
  std::string out;
  for (const uint8_t b : list) out += static_cast<char>(b);
  return out;
}

// An independent decoder of an unmasked server header (RFC 6455 section 5.2),
// so the writer is not checked against itself.
struct decoded_header {
  bool fin;
  uint8_t rsv;
  uint8_t opcode;
  bool masked;
  uint64_t length;
  size_t size;
};

decoded_header decode_header(const uint8_t* p) {
  decoded_header h{};
  h.fin = (p[0] & 0x80) != 0;
  h.rsv = static_cast<uint8_t>(p[0] & 0x70);
  h.opcode = p[0] & 0x0F;
  h.masked = (p[1] & 0x80) != 0;
  h.length = p[1] & 0x7F;
  h.size = 2;
  if (h.length == 126) {
    h.length = static_cast<uint64_t>(p[2]) << 8 | p[3];
    h.size = 4;
  } else if (h.length == 127) {
    h.length = 0;
    for (int i = 0; i < 8; ++i) h.length = h.length << 8 | p[2 + i];
    h.size = 10;
  }
  return h;
}

TEST(WebsocketFrame, HeaderRoundTripsForEveryLengthForm) {
  struct sample {
    uint64_t length;
    size_t header_size;
  };
  for (const sample s :
       {sample{0, 2}, sample{1, 2}, sample{125, 2}, sample{126, 4}, sample{65535, 4},
        sample{65536, 10}, sample{(1ULL << 32) + 5, 10}, sample{(1ULL << 63) - 1, 10}}) {
    SCOPED_TRACE(s.length);
    uint8_t out[kMaxServerHeaderSize + 1];
    out[s.header_size] = 0xEE;  // sentinel: the writer must not touch it
    const size_t used = write_frame_header(out, opcode::binary, true, s.length);
    EXPECT_EQ(used, s.header_size);
    EXPECT_EQ(out[s.header_size], 0xEE);
    const decoded_header h = decode_header(out);
    EXPECT_EQ(h.size, used);
    EXPECT_TRUE(h.fin);
    EXPECT_EQ(h.rsv, 0);
    EXPECT_EQ(h.opcode, 0x2);
    EXPECT_FALSE(h.masked);
    EXPECT_EQ(h.length, s.length);
  }
}

TEST(WebsocketFrame, HeaderCarriesFinAndOpcode) {
  uint8_t out[kMaxServerHeaderSize];
  ASSERT_EQ(write_frame_header(out, opcode::text, false, 3), 2U);
  EXPECT_EQ(out[0], 0x01);
  EXPECT_EQ(out[1], 0x03);
  ASSERT_EQ(write_frame_header(out, opcode::continuation, true, 2), 2U);
  EXPECT_EQ(out[0], 0x80);
  ASSERT_EQ(write_frame_header(out, opcode::close, true, 0), 2U);
  EXPECT_EQ(out[0], 0x88);
  ASSERT_EQ(write_frame_header(out, opcode::pong, true, 0), 2U);
  EXPECT_EQ(out[0], 0x8A);
}

// RFC 6455 section 5.7 examples, as a server sends them (unmasked).
TEST(WebsocketFrame, EncodesRfcSingleFrameText) {
  EXPECT_EQ(encode_frame(opcode::text, "Hello"), bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
}

TEST(WebsocketFrame, EncodesRfcPing) {
  EXPECT_EQ(encode_frame(opcode::ping, "Hello"), bytes({0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
}

TEST(WebsocketFrame, EncodesRfcFragmentedTextHeaders) {
  uint8_t out[kMaxServerHeaderSize];
  ASSERT_EQ(write_frame_header(out, opcode::text, false, 3), 2U);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(out), 2) + "Hel",
            bytes({0x01, 0x03, 0x48, 0x65, 0x6c}));
  ASSERT_EQ(write_frame_header(out, opcode::continuation, true, 2), 2U);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(out), 2) + "lo", bytes({0x80, 0x02, 0x6c, 0x6f}));
}

TEST(WebsocketFrame, EncodesRfc256ByteBinary) {
  const std::string payload(256, '\x5A');
  const std::string frame = encode_frame(opcode::binary, payload);
  ASSERT_EQ(frame.size(), 4U + 256U);
  EXPECT_EQ(frame.substr(0, 4), bytes({0x82, 0x7E, 0x01, 0x00}));
  EXPECT_EQ(frame.substr(4), payload);
}

TEST(WebsocketFrame, EncodesRfc64KiBBinary) {
  const std::string payload(65536, '\x01');
  const std::string frame = encode_frame(opcode::binary, payload);
  ASSERT_EQ(frame.size(), 10U + 65536U);
  EXPECT_EQ(frame.substr(0, 10), bytes({0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}));
  EXPECT_EQ(frame.substr(10), payload);
}

TEST(WebsocketFrame, EncodesEmptyPayload) {
  EXPECT_EQ(encode_frame(opcode::pong, ""), bytes({0x8A, 0x00}));
}

// What the server writes, a client-side reader must read back: mask the
// server's frame as a client would and hand it to our reader.
TEST(WebsocketFrame, EncodedFramesRoundTripThroughTheReader) {
  for (const size_t length : {size_t{0}, size_t{125}, size_t{126}, size_t{65535}, size_t{65536}}) {
    SCOPED_TRACE(length);
    std::string payload(length, '\0');
    for (size_t i = 0; i < length; ++i) payload[i] = static_cast<char>(i * 7 + 3);
    std::string frame = encode_frame(opcode::binary, payload);
    const size_t header_size = decode_header(reinterpret_cast<const uint8_t*>(frame.data())).size;
    const std::array<uint8_t, 4> mask{0xA1, 0x02, 0xF3, 0x44};
    frame[1] = static_cast<char>(frame[1] | 0x80);
    frame.insert(header_size, reinterpret_cast<const char*>(mask.data()), mask.size());
    apply_mask(frame.data() + header_size + 4, length, mask);

    reader r(1 << 20);
    r.consume(frame);
    ASSERT_EQ(r.next(), read_event::binary);
    EXPECT_EQ(r.message(), payload);
    EXPECT_EQ(r.next(), read_event::need_more);
  }
}

TEST(WebsocketFrame, ClosePayloadIsBigEndianCodeThenReason) {
  EXPECT_EQ(close_payload(1000, "bye"), bytes({0x03, 0xE8, 'b', 'y', 'e'}));
  EXPECT_EQ(close_payload(4999, ""), bytes({0x13, 0x87}));
}

TEST(WebsocketFrame, ClosePayloadFitsAControlFrameOnACharacterBoundary) {
  // 100 two-byte characters: byte 123 is in the middle of one.
  std::string reason;
  for (int i = 0; i < 100; ++i) reason += "\xC3\xA9";
  const std::string payload = close_payload(1001, reason);
  EXPECT_EQ(payload.size(), 2U + 122U);
  EXPECT_EQ(payload.substr(2), reason.substr(0, 122));

  const std::string ascii(300, 'x');
  EXPECT_EQ(close_payload(1001, ascii).size(), 125U);
}

TEST(WebsocketFrame, ApplyMaskUnmasksRfcHello) {
  std::string data = bytes({0x7f, 0x9f, 0x4d, 0x51, 0x58});
  apply_mask(data.data(), data.size(), {0x37, 0xfa, 0x21, 0x3d});
  EXPECT_EQ(data, "Hello");
}

void reference_mask(char* data, size_t length, const std::array<uint8_t, 4>& mask, size_t offset) {
  for (size_t i = 0; i < length; ++i) data[i] = static_cast<char>(data[i] ^ mask[(offset + i) % 4]);
}

TEST(WebsocketFrame, ApplyMaskMatchesBytewiseReferenceForAllLengthsOffsetsAndAlignments) {
  std::mt19937 rng(42);
  std::vector<char> original(300);
  for (char& c : original) c = static_cast<char>(rng());
  const std::array<uint8_t, 4> mask{0x12, 0x34, 0x56, 0x78};
  for (size_t align = 0; align < 8; ++align) {
    for (size_t offset = 0; offset < 8; ++offset) {
      for (size_t length = 0; length < 100; ++length) {
        std::vector<char> fast(original), slow(original);
        apply_mask(fast.data() + align, length, mask, offset);
        reference_mask(slow.data() + align, length, mask, offset);
        ASSERT_EQ(fast, slow) << "align " << align << " offset " << offset << " length " << length;
      }
    }
  }
}

TEST(WebsocketFrame, ApplyMaskInPiecesEqualsApplyMaskAtOnce) {
  std::string whole(1000, '\0');
  for (size_t i = 0; i < whole.size(); ++i) whole[i] = static_cast<char>(i);
  std::string pieces = whole;
  const std::array<uint8_t, 4> mask{0xDE, 0xAD, 0xBE, 0xEF};
  apply_mask(whole.data(), whole.size(), mask);
  size_t done = 0;
  for (const size_t piece : {size_t{3}, size_t{1}, size_t{37}, size_t{500}, size_t{459}}) {
    apply_mask(pieces.data() + done, piece, mask, done);
    done += piece;
  }
  ASSERT_EQ(done, whole.size());
  EXPECT_EQ(pieces, whole);
}

TEST(WebsocketFrame, ApplyMaskTwiceRestoresTheData) {
  std::string data(64 * 1024 + 3, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31);
  const std::string original = data;
  apply_mask(data.data(), data.size(), {1, 2, 3, 4}, 2);
  EXPECT_NE(data, original);
  apply_mask(data.data(), data.size(), {1, 2, 3, 4}, 2);
  EXPECT_EQ(data, original);
}

}  // namespace
}  // namespace brigade::ws
