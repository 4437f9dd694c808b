#include "ws_codec/shared_frame.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ws_codec/frame.hpp"

namespace brigade::ws {
namespace {

TEST(WebsocketSharedFrame, WireIsTheEncodedFrameAndPayloadIsHeadThenTail) {
  const frame_ptr frame = shared_frame::make(opcode::text, "4", R"(2["a"])");
  EXPECT_EQ(frame->wire(), encode_frame(opcode::text, R"(42["a"])"));
  EXPECT_EQ(frame->payload(), R"(42["a"])");
  EXPECT_EQ(frame->op(), opcode::text);
  EXPECT_FALSE(frame->is_binary());
}

TEST(WebsocketSharedFrame, LongBinaryPayloadUsesTheExtendedLength) {
  const std::string bytes(70000, '\x7f');
  const frame_ptr frame = shared_frame::make(opcode::binary, bytes);
  EXPECT_TRUE(frame->is_binary());
  EXPECT_EQ(frame->payload(), bytes);
  EXPECT_EQ(frame->wire().size(), bytes.size() + kMaxServerHeaderSize);
  EXPECT_EQ(frame->wire(), encode_frame(opcode::binary, bytes));
}

TEST(WebsocketSharedFrame, EmptyPayload) {
  const frame_ptr frame = shared_frame::make(opcode::text, "");
  EXPECT_EQ(frame->payload(), "");
  EXPECT_EQ(frame->wire(), std::string("\x81\x00", 2));
}

TEST(WebsocketSharedFrame, RawBytesAreSentWithoutAHeader) {
  const frame_ptr frame = shared_frame::make_raw("HTTP/1.1 101 Switching Protocols\r\n\r\n");
  EXPECT_EQ(frame->wire(), "HTTP/1.1 101 Switching Protocols\r\n\r\n");
  EXPECT_EQ(frame->payload(), frame->wire());
}

}  // namespace
}  // namespace brigade::ws
